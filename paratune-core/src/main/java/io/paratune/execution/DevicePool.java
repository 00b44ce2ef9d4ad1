package io.paratune.execution;

import static io.paratune.internal.Checks.require;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands every running trial its own disjoint set of devices (for example GPU ids) and takes them
 * back when the trial ends. Thread-safe; {@link #acquire()} blocks while every device is in use, so
 * no device is ever given to two trials at once.
 */
public final class DevicePool {
    private final List<String> devices;
    private final int devicesPerTrial;
    private final Set<String> free;

    private DevicePool(List<String> devices, int devicesPerTrial) {
        this.devices = List.copyOf(devices);
        this.devicesPerTrial = devicesPerTrial;
        this.free = new TreeSet<>((a, b) -> Integer.compare(this.devices.indexOf(a), this.devices.indexOf(b)));
        this.free.addAll(this.devices);
    }

    /** No devices: every trial gets an empty list and never waits. */
    public static DevicePool none() {
        return new DevicePool(List.of(), 0);
    }

    /**
     * A pool of the given device ids, {@code devicesPerTrial} of them to each trial.
     *
     * @throws IllegalArgumentException for duplicate ids, or fewer devices than one trial needs
     */
    public static DevicePool of(List<String> devices, int devicesPerTrial) {
        require(
                devicesPerTrial >= 1,
                "devicesPerTrial=%d must be at least 1; use DevicePool.none() to run" + " without devices",
                devicesPerTrial);
        require(
                new HashSet<>(devices).size() == devices.size(),
                "devices %s contain a duplicate id; list each" + " device once",
                devices);
        require(
                devices.size() >= devicesPerTrial,
                "devicesPerTrial=%d but only %d devices %s; lower devicesPerTrial" + " or add devices",
                devicesPerTrial,
                devices.size(),
                devices);
        return new DevicePool(devices, devicesPerTrial);
    }

    /** Devices {@code "0"} .. {@code count-1}, {@code devicesPerTrial} to each trial. */
    public static DevicePool ofIndices(int count, int devicesPerTrial) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Integer.toString(i));
        }
        return of(ids, devicesPerTrial);
    }

    /** All device ids of the pool. */
    public List<String> devices() {
        return devices;
    }

    /** How many trials can hold devices at once; {@link Integer#MAX_VALUE} without devices. */
    public int slots() {
        return devicesPerTrial == 0 ? Integer.MAX_VALUE : devices.size() / devicesPerTrial;
    }

    /** Takes devices for one trial, lowest ids first, waiting until enough are free. */
    public synchronized List<String> acquire() throws InterruptedException {
        if (devicesPerTrial == 0) {
            return List.of();
        }
        while (free.size() < devicesPerTrial) {
            wait();
        }
        List<String> taken = new ArrayList<>(devicesPerTrial);
        for (var it = free.iterator(); taken.size() < devicesPerTrial; ) {
            taken.add(it.next());
            it.remove();
        }
        return List.copyOf(taken);
    }

    /**
     * Returns devices taken by {@link #acquire()}. All or nothing: if one of them is not held from
     * this pool, nothing is returned and the pool is unchanged.
     *
     * @throws IllegalStateException for a device that is not from this pool, not taken, or given twice
     */
    public synchronized void release(List<String> taken) {
        Set<String> seen = new HashSet<>();
        for (String d : taken) {
            if (!devices.contains(d) || free.contains(d) || !seen.add(d)) {
                throw new IllegalStateException("device '" + d + "' was not taken from this pool of " + devices
                        + " (free: " + free + "); release exactly the devices acquire() returned, once");
            }
        }
        free.addAll(taken);
        notifyAll();
    }
}
