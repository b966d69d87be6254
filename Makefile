# iommu-groups: entry points. See README.md.
# Every target installs missing Debian packages first (scripts/deps.sh, which
# does nothing when all are present).

SH := sh
S := scripts

.PHONY: all deps tree export kernel initramfs check check-series test demo bench stress base-diff replay run clean help

all: help

help:
	@echo "make demo          build the patched kernel, boot the default topology under VT-d and AMD-Vi, show the groups"
	@echo "make test          every check; ends with 'N passed, N failed, N skipped'"
	@echo "make stress        debug kernel: hotplug soak, fault injection, bad input, kmemleak (CYCLES=10)"
	@echo "make tree          build/linux = Debian 6.12 source (tag base) + patches/"
	@echo "make export        build/linux's commits on top of base -> patches/"
	@echo "make kernel        the test kernel (build/obj, copied to build/linux/arch/x86/boot/bzImage)"
	@echo "make check         checkpatch --strict; sparse and W=1 against base"
	@echo "make check-series  every patch builds on its own"
	@echo "make bench         grouping cost per device vs. number of devices, base and series"
	@echo "make base-diff     the topologies on which the base tree's groups differ from the expected ones"
	@echo "make replay [DUMPS=\"a.txt ...\"]   group recorded machines (lspci -vvnn or -xxxx) with 6.12 and the series"
	@echo "make run TOPO=name IOMMU=intel|amd [STEPS=groups]   boot one topology"

deps:
	@$(SH) $(S)/deps.sh

# The work tree is made on first use; 'make tree' re-applies patches/.
build/linux/.git: | deps
	@$(SH) $(S)/tree.sh

tree: deps
	@$(SH) $(S)/tree.sh

export: deps
	@$(SH) $(S)/export.sh

kernel: deps build/linux/.git
	@$(SH) $(S)/kernel.sh
	@cp build/obj/arch/x86/boot/bzImage build/linux/arch/x86/boot/bzImage

initramfs: kernel
	@$(SH) $(S)/initramfs.sh

check: deps build/linux/.git
	@$(SH) $(S)/check.sh fast | tee build/check.tap; ! grep -q '^not ok' build/check.tap

check-series: deps build/linux/.git
	@$(SH) $(S)/check.sh series | tee build/check-series.tap; ! grep -q '^not ok' build/check-series.tap

test: deps build/linux/.git
	@$(SH) $(S)/test.sh

demo: initramfs
	@$(SH) $(S)/demo.sh

bench: deps build/linux/.git
	@$(SH) $(S)/bench.sh

stress: deps build/linux/.git
	@$(SH) $(S)/stress.sh

base-diff: deps build/linux/.git
	@$(SH) $(S)/base-diff.sh

# DUMPS="a.txt b.txt" (paths anywhere); default topologies/real/ and the
# replay fixtures.
replay: deps build/linux/.git
	@$(SH) $(S)/replay.sh

TOPO ?= default
IOMMU ?= intel
STEPS ?= groups
run: initramfs
	@$(SH) $(S)/qemu.sh -t topologies/$(TOPO).topo -i $(IOMMU) -r $(STEPS) -o build/run/$(TOPO).$(IOMMU); \
	 rc=$$?; cat build/run/$(TOPO).$(IOMMU)/results.txt; exit $$rc

clean:
	rm -rf build/obj build/obj-* build/test build/run build/initramfs* build/selftests build/replay
