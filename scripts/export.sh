#!/bin/sh
# Write the series base..HEAD of build/linux to patches/: a cover letter and
# one numbered patch per commit, replacing the old files. The cover letter's
# subject and text come from patches/cover-letter.txt (first line: subject;
# then the text). Output is byte-stable: zero commit ids, no signature, the
# cover letter dated like the newest patch.
set -eu
. "$(dirname "$0")/common.sh"

[ -d "$SRC/.git" ] || die "no build/linux: run 'make tree'"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted edits: commit them first"

P=$TOP/patches
tmp=$BUILD/export.tmp
rm -rf "$tmp"
mkdir -p "$tmp" "$P"

n=$(git -C "$SRC" rev-list --count base..HEAD)
if [ "$n" != 0 ]; then
	# No --thread: its Message-Ids carry the export time (churn);
	# git send-email threads the series when it is sent.
	git -C "$SRC" $GIT_ID format-patch -q --zero-commit --no-signature --cover-letter \
		-o "$tmp" base..HEAD
	cover=$P/cover-letter.txt
	[ -r "$cover" ] || die "no $cover"
	subj=$(head -n 1 "$cover")
	last=$(ls "$tmp"/[0-9]*.patch | tail -n 1)
	date=$(sed -n 's/^Date: //p' "$last" | head -n 1)
	tail -n +3 "$cover" >"$tmp/blurb"
	awk -v s="$subj" -v d="$date" -v b="$tmp/blurb" '
		/^Date: / && !dd { print "Date: " d; dd = 1; next }
		/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, s) }
		/^\*\*\* BLURB HERE \*\*\*$/ { while ((getline l < b) > 0) print l; next }
		{ print }' "$tmp/0000-cover-letter.patch" >"$tmp/cover.new"
	mv "$tmp/cover.new" "$tmp/0000-cover-letter.patch"
fi

# Replace the numbered files, leave other files of patches/ alone.
rm -f "$P"/[0-9][0-9][0-9][0-9]-*.patch
[ "$n" = 0 ] || cp "$tmp"/*.patch "$P/"
rm -rf "$tmp"
echo "export: $n patches in patches/"
