// SPDX-License-Identifier: GPL-2.0
/*
 * pci-replay: rebuild a real machine's PCI hierarchy from its config space
 * and let the kernel's own code group it.
 *
 * Harness code, not part of the series: it builds against the base 6.12
 * tree and against the series alike, so that both group the same input.
 *
 * User space writes records (scripts/replay-dump.py) to
 * /sys/kernel/debug/pci-replay/load, then a command to .../ctl:
 *
 *   boot     create the root buses and scan them while this IOMMU ignores
 *            them, then have the IOMMU core probe every replayed device at
 *            once: every device is present when groups form, as at boot.
 *   hotadd   the IOMMU takes each device as the PCI core adds it, before
 *            its siblings are scanned: as pciehp, a rescan or a dock does.
 *   remove   disable the VFs, stop and remove the replayed root buses.
 *   reset    remove, then forget the records.
 *   readd D:B:D.F
 *            remove that replayed device, then rescan its bus with the
 *            IOMMU taking each device as it is added: one device
 *            hot-added into a machine whose other devices are grouped.
 *
 * For the benchmark (scripts/bench.sh), .../devices and .../ns give what
 * the last boot or readd did: the devices this IOMMU grouped and the
 * nanoseconds it took (the probe pass of every device in boot order, the
 * whole rescan for readd), on the kernel's clock, which under QEMU's
 * -icount counts instructions.
 *
 * Config space lives in memory. Writes land, except on the bits the
 * record marks read-only (identity, BARs and bridge windows, status and
 * capability registers), so a BAR never sizes and nothing is mapped. The
 * real PCI core scans the buses: header types, capability lists, ARI,
 * SR-IOV, bus numbers and the quirks matched by vendor and device id all
 * apply as on the machine. A VF's vendor and device read as ~0 as on
 * hardware, so only pci_enable_sriov() creates VFs.
 *
 * No host driver binds a replayed device: each gets a driver_override that
 * names no driver. Only replayed devices carry this IOMMU's fwspec, so the
 * IOMMU probes them and nothing else, beside a hardware or mock IOMMU.
 */
#define pr_fmt(fmt) "pci-replay: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#define RPL_MAGIC	0x4c505252	/* "RRPL" */
#define RPL_LOAD_MAX	(256 << 20)
#define RPL_NO_DRIVER	"pci-replay-none"

/* One record on the wire, little endian, then size bytes of config space
 * and size bytes of write mask (1 bits are writable) for a device.
 */
struct rpl_hdr {
	__le32 magic;
	__le32 domain;		/* the replay's PCI domain */
	__le16 size;		/* config bytes: 256 or 4096; 0 for a root bus */
	__le16 numvfs;		/* VFs to enable through SR-IOV (a PF) */
	u8 bus;
	u8 devfn;
	u8 kind;		/* 'D' device, 'R' root bus */
	u8 last_bus;		/* root bus: the last bus number it decodes */
};

struct rpl_dev {
	struct list_head node;
	u8 *cfg;
	u8 *wmask;
	u16 size;
	u16 numvfs;
	u8 bus;
	u8 devfn;
	bool vfs_on;
};

struct rpl_domain {
	struct pci_sysdata sd;	/* bus->sysdata: x86 reads the domain here */
	struct xarray devs;	/* bus << 8 | devfn -> struct rpl_dev */
	struct list_head devlist;
	struct list_head node;
};

struct rpl_root {
	struct list_head node;
	struct rpl_domain *dom;
	struct resource busn;
	struct pci_bus *bus;
	u8 first;
	u8 last;
};

/*
 * rpl_mutex serialises the debugfs commands. The config space of a device
 * is read and written under the PCI core's pci_lock (config accessors) and
 * freed only after every root bus is removed.
 */
static DEFINE_MUTEX(rpl_mutex);
static LIST_HEAD(rpl_domains);
static LIST_HEAD(rpl_roots);
static u8 *rpl_buf;
static size_t rpl_len;
static size_t rpl_cap;
static u32 rpl_devices;		/* what the last boot or readd did */
static u64 rpl_ns;
static bool rpl_hotadd;		/* fwspec at device add (under rpl_mutex) */
static bool rpl_scanned;

static struct fwnode_handle rpl_fwnode;
static struct fwnode_handle rpl_trigger_fwnode;
static struct iommu_device rpl_iommu;
static struct iommu_device rpl_trigger;
static struct dentry *rpl_dir;

static struct pci_ops rpl_pci_ops;

static bool rpl_bus_is_ours(struct pci_bus *bus)
{
	return bus->ops == &rpl_pci_ops;
}

static struct rpl_dev *rpl_lookup(struct pci_bus *bus, unsigned int devfn)
{
	struct rpl_domain *dom = container_of(to_pci_sysdata(bus),
					      struct rpl_domain, sd);

	return xa_load(&dom->devs, bus->number << 8 | devfn);
}

static int rpl_read(struct pci_bus *bus, unsigned int devfn, int where,
		    int size, u32 *val)
{
	struct rpl_dev *d = rpl_lookup(bus, devfn);
	u32 v = 0;
	int i;

	if (!d || where < 0 || where + size > d->size) {
		PCI_SET_ERROR_RESPONSE(val);
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	for (i = 0; i < size; i++)
		v |= (u32)d->cfg[where + i] << (8 * i);
	*val = v;
	return PCIBIOS_SUCCESSFUL;
}

static int rpl_write(struct pci_bus *bus, unsigned int devfn, int where,
		     int size, u32 val)
{
	struct rpl_dev *d = rpl_lookup(bus, devfn);
	int i;

	if (!d || where < 0 || where + size > d->size)
		return PCIBIOS_DEVICE_NOT_FOUND;
	for (i = 0; i < size; i++) {
		u8 m = d->wmask[where + i];
		u8 b = val >> (8 * i);

		d->cfg[where + i] = (d->cfg[where + i] & ~m) | (b & m);
	}
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops rpl_pci_ops = {
	.read = rpl_read,
	.write = rpl_write,
};

/* The IOMMU: probes replayed devices only and groups them as 6.12 does. */
static struct iommu_device *rpl_probe_device(struct device *dev)
{
	if (!dev_is_pci(dev) || !rpl_bus_is_ours(to_pci_dev(dev)->bus))
		return ERR_PTR(-ENODEV);
	return &rpl_iommu;
}

static struct iommu_group *rpl_device_group(struct device *dev)
{
	return pci_device_group(dev);
}

static int rpl_def_domain_type(struct device *dev)
{
	return IOMMU_DOMAIN_IDENTITY;
}

static int rpl_attach_identity(struct iommu_domain *domain, struct device *dev)
{
	return 0;
}

static const struct iommu_domain_ops rpl_identity_ops = {
	.attach_dev = rpl_attach_identity,
};

static struct iommu_domain rpl_identity = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &rpl_identity_ops,
};

static const struct iommu_ops rpl_iommu_ops = {
	.identity_domain = &rpl_identity,
	.probe_device = rpl_probe_device,
	.device_group = rpl_device_group,
	.def_domain_type = rpl_def_domain_type,
	.owner = THIS_MODULE,
};

/*
 * iommu_fwspec_init() asserts iommu_probe_device_lock, which a module cannot
 * take (it is not exported). The replay gives a device its fwspec only where
 * nothing can probe it at the same time: from its own bus notifier, which
 * runs before the IOMMU core's for the device being added, or in boot order
 * with every replayed device added and no IOMMU taking them yet. So it
 * builds dev->iommu as dev_iommu_get() does, and the core frees it as its
 * own (dev_iommu_free()) when the device leaves.
 */
static int rpl_give_fwspec(struct device *dev)
{
	struct iommu_fwspec *fwspec;
	struct dev_iommu *param;

	if (dev->iommu)
		return dev_iommu_fwspec_get(dev) ? 0 : -EBUSY;
	param = kzalloc(sizeof(*param), GFP_KERNEL);
	fwspec = kzalloc(struct_size(fwspec, ids, 1), GFP_KERNEL);
	if (!param || !fwspec) {
		kfree(param);
		kfree(fwspec);
		return -ENOMEM;
	}
	mutex_init(&param->lock);
	fwspec->iommu_fwnode = fwnode_handle_get(&rpl_fwnode);
	param->fwspec = fwspec;
	dev->iommu = param;
	return 0;
}

/*
 * Runs before the IOMMU core's own notifier (higher priority): no driver
 * may bind a replayed device, and in hot-add order the device must carry
 * the fwspec by the time the IOMMU core probes it.
 */
static int rpl_bus_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	struct device *dev = data;
	struct pci_dev *pdev = to_pci_dev(dev);
	int ret;

	if (action != BUS_NOTIFY_ADD_DEVICE || !rpl_bus_is_ours(pdev->bus))
		return NOTIFY_DONE;
	/* Debian's 6.12 keeps the override in struct device (a backport). */
	ret = device_set_driver_override(dev, RPL_NO_DRIVER);
	if (ret)
		pci_warn(pdev, "replay: no driver_override (%d)\n", ret);
	if (READ_ONCE(rpl_hotadd)) {
		ret = rpl_give_fwspec(dev);
		if (ret)
			pci_warn(pdev, "replay: no fwspec (%d)\n", ret);
	}
	return NOTIFY_OK;
}

static struct notifier_block rpl_nb = {
	.notifier_call = rpl_bus_notify,
	.priority = 1,
};

static void rpl_free_records(void)
{
	struct rpl_domain *dom, *dn;
	struct rpl_root *r, *rn;
	struct rpl_dev *d, *n;

	list_for_each_entry_safe(r, rn, &rpl_roots, node) {
		list_del(&r->node);
		kfree(r);
	}
	list_for_each_entry_safe(dom, dn, &rpl_domains, node) {
		list_for_each_entry_safe(d, n, &dom->devlist, node) {
			kvfree(d->cfg);
			kfree(d);
		}
		xa_destroy(&dom->devs);
		list_del(&dom->node);
		kfree(dom);
	}
}

static struct rpl_domain *rpl_domain_get(int nr)
{
	struct rpl_domain *dom;

	list_for_each_entry(dom, &rpl_domains, node)
		if (dom->sd.domain == nr)
			return dom;
	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return NULL;
	dom->sd.domain = nr;
	dom->sd.node = NUMA_NO_NODE;
	xa_init(&dom->devs);
	INIT_LIST_HEAD(&dom->devlist);
	list_add_tail(&dom->node, &rpl_domains);
	return dom;
}

/* Turn the loaded bytes into domains, devices and root buses. */
static int rpl_parse(void)
{
	size_t off = 0;
	int nr = 0;

	while (off < rpl_len) {
		const struct rpl_hdr *h = (const void *)(rpl_buf + off);
		struct rpl_domain *dom;
		u32 domain, size;

		if (rpl_len - off < sizeof(*h) || le32_to_cpu(h->magic) != RPL_MAGIC) {
			pr_err("record %d at byte %zu: bad header\n", nr, off);
			return -EINVAL;
		}
		domain = le32_to_cpu(h->domain);
		size = le16_to_cpu(h->size);
		if (domain < 0x10000 || domain > 0x7fffffff) {
			pr_err("record %d: domain %x is not a replay domain\n", nr, domain);
			return -EINVAL;
		}
		dom = rpl_domain_get(domain);
		if (!dom)
			return -ENOMEM;
		off += sizeof(*h);
		if (h->kind == 'R') {
			struct rpl_root *r = kzalloc(sizeof(*r), GFP_KERNEL);

			if (!r)
				return -ENOMEM;
			r->dom = dom;
			r->first = h->bus;
			r->last = max(h->bus, h->last_bus);
			list_add_tail(&r->node, &rpl_roots);
		} else if (h->kind == 'D') {
			struct rpl_dev *d;
			int ret;

			if ((size != 256 && size != 4096) || rpl_len - off < 2 * size) {
				pr_err("record %d: bad config size %u\n", nr, size);
				return -EINVAL;
			}
			d = kzalloc(sizeof(*d), GFP_KERNEL);
			if (!d)
				return -ENOMEM;
			d->cfg = kvmalloc(2 * size, GFP_KERNEL);
			if (!d->cfg) {
				kfree(d);
				return -ENOMEM;
			}
			memcpy(d->cfg, rpl_buf + off, 2 * size);
			d->wmask = d->cfg + size;
			d->size = size;
			d->numvfs = le16_to_cpu(h->numvfs);
			d->bus = h->bus;
			d->devfn = h->devfn;
			list_add_tail(&d->node, &dom->devlist);
			ret = xa_insert(&dom->devs, h->bus << 8 | h->devfn, d,
					GFP_KERNEL);
			if (ret) {
				pr_err("record %d: %04x:%02x:%02x.%d twice\n", nr,
				       domain, h->bus, PCI_SLOT(h->devfn),
				       PCI_FUNC(h->devfn));
				return ret;
			}
			off += 2 * size;
		} else {
			pr_err("record %d: unknown kind %#x\n", nr, h->kind);
			return -EINVAL;
		}
		nr++;
	}
	if (list_empty(&rpl_roots)) {
		pr_err("no root bus in %d records\n", nr);
		return -EINVAL;
	}
	return 0;
}

static int rpl_set_fwspec(struct device *dev, void *data)
{
	if (!dev_is_pci(dev) || !rpl_bus_is_ours(to_pci_dev(dev)->bus))
		return 0;
	if (rpl_give_fwspec(dev))
		pci_warn(to_pci_dev(dev), "replay: no fwspec\n");
	else
		(*(u32 *)data)++;
	return 0;
}

static void rpl_enable_vfs(void)
{
	struct rpl_domain *dom;
	struct rpl_dev *d;

	list_for_each_entry(dom, &rpl_domains, node) {
		list_for_each_entry(d, &dom->devlist, node) {
			struct pci_dev *pf;
			int ret;

			if (!d->numvfs)
				continue;
			pf = pci_get_domain_bus_and_slot(dom->sd.domain, d->bus,
							 d->devfn);
			if (!pf)
				continue;
			ret = pci_enable_sriov(pf, d->numvfs);
			if (ret)
				pci_err(pf, "replay: %u VFs not enabled (%d)\n",
					d->numvfs, ret);
			d->vfs_on = !ret;
			pci_dev_put(pf);
		}
	}
}

static void rpl_remove(void)
{
	struct rpl_domain *dom;
	struct rpl_root *r;
	struct rpl_dev *d;

	/* A PF must give up its VFs before it goes (sriov_release()). */
	list_for_each_entry(dom, &rpl_domains, node) {
		list_for_each_entry(d, &dom->devlist, node) {
			struct pci_dev *pf;

			if (!d->vfs_on)
				continue;
			pf = pci_get_domain_bus_and_slot(dom->sd.domain, d->bus,
							 d->devfn);
			if (pf) {
				pci_disable_sriov(pf);
				pci_dev_put(pf);
			}
			d->vfs_on = false;
		}
	}
	list_for_each_entry_reverse(r, &rpl_roots, node) {
		struct pci_host_bridge *hb;

		if (!r->bus)
			continue;
		hb = to_pci_host_bridge(r->bus->bridge);
		pci_lock_rescan_remove();
		pci_stop_root_bus(r->bus);
		pci_remove_root_bus(r->bus);
		pci_unlock_rescan_remove();
		/*
		 * pci_remove_root_bus() only deletes the host bridge; the
		 * reference pci_create_root_bus() returned it with is ours.
		 */
		put_device(&hb->dev);
		r->bus = NULL;
	}
	rpl_scanned = false;
}

static int rpl_scan(bool hotadd)
{
	struct rpl_root *r;
	int ret;

	if (rpl_scanned)
		return -EBUSY;
	if (list_empty(&rpl_roots)) {
		ret = rpl_parse();
		if (ret) {
			rpl_free_records();
			return ret;
		}
	}
	WRITE_ONCE(rpl_hotadd, hotadd);
	rpl_scanned = true;
	list_for_each_entry(r, &rpl_roots, node) {
		LIST_HEAD(res);

		r->busn = (struct resource)DEFINE_RES_NAMED(r->first,
				r->last - r->first + 1, "replay bus",
				IORESOURCE_BUS);
		pci_add_resource(&res, &r->busn);
		pci_lock_rescan_remove();
		r->bus = pci_create_root_bus(NULL, r->first, &rpl_pci_ops,
					     &r->dom->sd, &res);
		if (!r->bus) {
			pci_unlock_rescan_remove();
			pci_free_resource_list(&res);
			pr_err("root bus %04x:%02x not created\n",
			       r->dom->sd.domain, r->first);
			ret = -ENOMEM;
			goto err;
		}
		pci_scan_child_bus(r->bus);
		pci_bus_add_devices(r->bus);
		pci_unlock_rescan_remove();
	}
	rpl_enable_vfs();
	if (!hotadd) {
		/*
		 * Boot order: every device is present; give each the fwspec,
		 * then registering a second instance makes the IOMMU core
		 * probe every device of every bus in one pass, as it does for
		 * an IOMMU that registers after the PCI scan at boot.
		 */
		u64 t0;

		rpl_devices = 0;
		bus_for_each_dev(&pci_bus_type, NULL, &rpl_devices,
				 rpl_set_fwspec);
		t0 = ktime_get_ns();
		ret = iommu_device_register(&rpl_trigger, &rpl_iommu_ops, NULL);
		rpl_ns = ktime_get_ns() - t0;
		if (ret) {
			pr_err("probe pass failed (%d)\n", ret);
			goto err;
		}
		iommu_device_unregister(&rpl_trigger);
	}
	WRITE_ONCE(rpl_hotadd, false);
	return 0;
err:
	WRITE_ONCE(rpl_hotadd, false);
	rpl_remove();
	return ret;
}

/*
 * Remove one replayed device, then rescan its bus in hot-add order, as
 * pciehp does when a card comes back: the IOMMU takes the device as the
 * PCI core adds it, with every other device of the machine grouped.
 */
static int rpl_readd(const char *arg)
{
	unsigned int domain, busnr, slot, fn;
	struct pci_dev *pdev;
	struct pci_bus *bus;
	u64 t0;
	int ret = 0;

	if (!rpl_scanned)
		return -ENODEV;
	if (sscanf(arg, "%x:%x:%x.%x", &domain, &busnr, &slot, &fn) != 4 ||
	    busnr > 0xff || slot > 0x1f || fn > 7)
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(domain, busnr, PCI_DEVFN(slot, fn));
	if (!pdev)
		return -ENODEV;
	if (!rpl_bus_is_ours(pdev->bus) || pdev->is_virtfn ||
	    pdev->subordinate) {
		pci_dev_put(pdev);
		return -EINVAL;		/* an endpoint of the replay only */
	}
	/* The bridge above stays: so does the bus. */
	bus = pdev->bus;
	pci_stop_and_remove_bus_device_locked(pdev);
	pci_dev_put(pdev);

	WRITE_ONCE(rpl_hotadd, true);
	t0 = ktime_get_ns();
	pci_lock_rescan_remove();
	pci_rescan_bus(bus);
	pci_unlock_rescan_remove();
	rpl_ns = ktime_get_ns() - t0;
	WRITE_ONCE(rpl_hotadd, false);
	rpl_devices = 1;

	pdev = pci_get_domain_bus_and_slot(domain, busnr, PCI_DEVFN(slot, fn));
	if (!pdev || !pdev->dev.iommu_group) {
		pr_err("%04x:%02x:%02x.%d not back in a group\n", domain, busnr,
		       slot, fn);
		ret = -EIO;
	}
	pci_dev_put(pdev);
	return ret;
}

static ssize_t rpl_load_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	u8 *nbuf;
	ssize_t ret = count;

	mutex_lock(&rpl_mutex);
	if (rpl_scanned || !list_empty(&rpl_roots)) {
		ret = -EBUSY;	/* 'reset' first */
		goto out;
	}
	if (count > RPL_LOAD_MAX - rpl_len) {
		ret = -EFBIG;
		goto out;
	}
	/* Grow by doubling: a large machine comes in many small writes. */
	if (rpl_len + count > rpl_cap) {
		size_t cap = max3(rpl_len + count, 2 * rpl_cap, (size_t)SZ_64K);

		cap = min_t(size_t, cap, RPL_LOAD_MAX);
		nbuf = kvrealloc(rpl_buf, cap, GFP_KERNEL);
		if (!nbuf) {
			ret = -ENOMEM;
			goto out;
		}
		rpl_buf = nbuf;
		rpl_cap = cap;
	}
	if (copy_from_user(rpl_buf + rpl_len, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	rpl_len += count;
out:
	mutex_unlock(&rpl_mutex);
	return ret;
}

static ssize_t rpl_ctl_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char cmd[48];
	ssize_t ret;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	strim(cmd);

	mutex_lock(&rpl_mutex);
	if (!strcmp(cmd, "boot")) {
		ret = rpl_scan(false);
	} else if (!strcmp(cmd, "hotadd")) {
		ret = rpl_scan(true);
	} else if (!strncmp(cmd, "readd ", 6)) {
		ret = rpl_readd(cmd + 6);
	} else if (!strcmp(cmd, "remove")) {
		rpl_remove();
		ret = 0;
	} else if (!strcmp(cmd, "reset")) {
		rpl_remove();
		rpl_free_records();
		kvfree(rpl_buf);
		rpl_buf = NULL;
		rpl_len = 0;
		rpl_cap = 0;
		ret = 0;
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&rpl_mutex);
	return ret ? ret : count;
}

static const struct file_operations rpl_load_fops = {
	.owner = THIS_MODULE,
	.write = rpl_load_write,
};

static const struct file_operations rpl_ctl_fops = {
	.owner = THIS_MODULE,
	.write = rpl_ctl_write,
};

static int __init rpl_init(void)
{
	int ret;

	fwnode_init(&rpl_fwnode, NULL);
	fwnode_init(&rpl_trigger_fwnode, NULL);
	rpl_iommu.fwnode = &rpl_fwnode;
	rpl_trigger.fwnode = &rpl_trigger_fwnode;

	/*
	 * Only rpl_iommu gets a sysfs device: replayed devices link to the
	 * instance probe_device() returns. rpl_trigger is never returned.
	 */
	ret = iommu_device_sysfs_add(&rpl_iommu, NULL, NULL, "pci-replay");
	if (ret)
		return ret;
	/* Probes nothing yet: no device carries its fwspec. */
	ret = iommu_device_register(&rpl_iommu, &rpl_iommu_ops, NULL);
	if (ret)
		goto err_sysfs;
	ret = bus_register_notifier(&pci_bus_type, &rpl_nb);
	if (ret)
		goto err_register;
	rpl_dir = debugfs_create_dir("pci-replay", NULL);
	debugfs_create_file("load", 0200, rpl_dir, NULL, &rpl_load_fops);
	debugfs_create_file("ctl", 0200, rpl_dir, NULL, &rpl_ctl_fops);
	debugfs_create_u32("devices", 0400, rpl_dir, &rpl_devices);
	debugfs_create_u64("ns", 0400, rpl_dir, &rpl_ns);
	return 0;

err_register:
	iommu_device_unregister(&rpl_iommu);
err_sysfs:
	iommu_device_sysfs_remove(&rpl_iommu);
	return ret;
}
module_init(rpl_init);

/* No exit: the harness never unloads it, and groups it formed hold it. */
MODULE_DESCRIPTION("Replay a machine's PCI hierarchy from its config space");
MODULE_LICENSE("GPL");
