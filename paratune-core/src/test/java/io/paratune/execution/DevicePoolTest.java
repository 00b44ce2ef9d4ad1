package io.paratune.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DevicePoolTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void manyThreadsNeverHoldOneDeviceAtOnce() throws Exception {
        DevicePool pool = DevicePool.ofIndices(8, 2);
        Set<String> held = ConcurrentHashMap.newKeySet();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger mostHolders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int workers = 12;
        int rounds = 300;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(threads.submit(() -> {
                go.await();
                for (int r = 0; r < rounds; r++) {
                    List<String> mine = pool.acquire();
                    int now = holders.incrementAndGet();
                    mostHolders.accumulateAndGet(now, Math::max);
                    if (mine.size() != 2) {
                        overlaps.incrementAndGet();
                    }
                    for (String d : mine) {
                        if (!held.add(d)) {
                            overlaps.incrementAndGet();
                        }
                    }
                    Thread.yield();
                    for (String d : mine) {
                        held.remove(d);
                    }
                    holders.decrementAndGet();
                    pool.release(mine);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(overlaps)
                .as("a device held by two trials at once, or a wrong count")
                .hasValue(0);
        assertThat(mostHolders.get()).isBetween(1, pool.slots());
        assertThat(held).isEmpty();
        // everything came back: all four slots can be taken again at once
        List<String> all = new ArrayList<>();
        for (int i = 0; i < pool.slots(); i++) {
            all.addAll(threads.submit(pool::acquire).get(10, TimeUnit.SECONDS));
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(pool.devices());
    }

    @Test
    void acquireBlocksWhileDevicesAreTakenAndResumesOnRelease() throws Exception {
        DevicePool pool = DevicePool.ofIndices(3, 2);
        List<String> first = pool.acquire();
        assertThat(first).containsExactly("0", "1");
        Future<List<String>> second = threads.submit(pool::acquire);
        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS))
                .as("one device is free but a trial needs two")
                .isInstanceOf(TimeoutException.class);
        pool.release(first);
        assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly("0", "1");
    }

    @Test
    void aBlockedAcquireEndsWithInterruptedExceptionWhenInterrupted() throws Exception {
        DevicePool pool = DevicePool.ofIndices(1, 1);
        pool.acquire();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.complete("acquired " + pool.acquire());
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
            }
        });
        waiter.start();
        // whether the interrupt comes before or during the wait, the only device stays taken
        waiter.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
        waiter.join(10_000);
    }

    @Test
    void devicesAreHandedOutInTheGivenOrder() throws Exception {
        DevicePool pool = DevicePool.of(List.of("gpu3", "gpu1", "gpu2"), 1);
        List<String> a = pool.acquire();
        List<String> b = pool.acquire();
        assertThat(a).containsExactly("gpu3");
        assertThat(b).containsExactly("gpu1");
        pool.release(a);
        assertThat(pool.acquire()).containsExactly("gpu3");
        assertThat(pool.acquire()).containsExactly("gpu2");
    }

    @Test
    void slotsAndDevices() {
        DevicePool pool = DevicePool.ofIndices(8, 3);
        assertThat(pool.slots()).isEqualTo(2);
        assertThat(pool.devices()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThatThrownBy(() -> pool.devices().add("8")).isInstanceOf(UnsupportedOperationException.class);
        List<String> ids = new ArrayList<>(List.of("a", "b"));
        DevicePool copy = DevicePool.of(ids, 1);
        ids.add("c");
        assertThat(copy.devices()).containsExactly("a", "b");
    }

    @Test
    void invalidPoolsAreRefusedNamingTheProblemAndTheFix() {
        assertThatThrownBy(() -> DevicePool.of(List.of("0", "1", "0"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("[0, 1, 0]", "duplicate", "list each device once");
        assertThatThrownBy(() -> DevicePool.of(List.of("0", "1"), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("devicesPerTrial=3", "only 2 devices", "[0, 1]", "lower devicesPerTrial");
        assertThatThrownBy(() -> DevicePool.ofIndices(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("devicesPerTrial=1", "only 0 devices");
        assertThatThrownBy(() -> DevicePool.of(List.of("0"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("devicesPerTrial=0", "at least 1", "DevicePool.none()");
    }

    @Test
    void releasingDevicesNotTakenFailsAndChangesNothing() throws Exception {
        DevicePool pool = DevicePool.ofIndices(2, 1);
        List<String> taken = pool.acquire();
        assertThatThrownBy(() -> pool.release(List.of("7")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("'7'", "not taken from this pool");
        assertThatThrownBy(() -> pool.release(List.of("1")))
                .as("a free device")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'1'");
        assertThatThrownBy(() -> pool.release(List.of("0", "0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> pool.release(List.of("0", "gpu9")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gpu9'");
        // none of the failed releases gave "0" back, so it is still held and can be released once
        assertThat(pool.acquire()).containsExactly("1");
        pool.release(taken);
        assertThatThrownBy(() -> pool.release(taken)).isInstanceOf(IllegalStateException.class);
        assertThat(pool.acquire()).containsExactly("0");
    }

    @Test
    void noneHandsOutEmptyListsWithoutWaiting() throws Exception {
        DevicePool pool = DevicePool.none();
        assertThat(pool.devices()).isEmpty();
        assertThat(pool.slots()).isEqualTo(Integer.MAX_VALUE);
        List<List<String>> taken = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            taken.add(pool.acquire());
        }
        assertThat(taken).allMatch(List::isEmpty);
        for (List<String> t : taken) {
            pool.release(t);
        }
        assertThatThrownBy(() -> pool.release(List.of("0"))).isInstanceOf(IllegalStateException.class);
    }
}
