package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Work-unit claims in the clustered shared data (one Hazelcast member on loopback). */
class WorkUnitsTest {
    static Vertx node;

    @BeforeAll
    static void start() throws Exception {
        node = PipelineFixture.node(true);
    }

    @AfterAll
    static void stop() throws Exception {
        PipelineFixture.closeAll(List.of(node));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.await(20, TimeUnit.SECONDS);
    }

    @Test
    void overlappingRenewalsKeepTheUnit() throws Exception {
        WorkUnits w = new WorkUnits(node, "renew-" + System.nanoTime(), 2, 60_000, "a", System::currentTimeMillis, n -> false);
        await(w.open());
        assertEquals(Optional.of(0), await(w.claim()));
        // a timer can fire while the last renewal is still on its way to the cluster
        List<Future<Void>> renewals = List.of(w.renew(), w.renew(), w.renew());
        for (Future<Void> r : renewals) {
            await(r);
        }
        assertTrue(w.holds(0), "still the owner after overlapping renewals");
        await(w.renew());
        assertTrue(w.holds(0));
    }

    @Test
    void anExpiredUnitGoesToTheNextCoordinatorAndItsOldOwnerLetsGo() throws Exception {
        String key = "expiry-" + System.nanoTime();
        AtomicLong clock = new AtomicLong(1_000);
        WorkUnits a = new WorkUnits(node, key, 1, 100, "a", clock::get, n -> false);
        WorkUnits b = new WorkUnits(node, key, 1, 100, "b", clock::get, n -> false);
        await(a.open());
        await(b.open());
        assertEquals(Optional.of(0), await(a.claim()));
        assertEquals(Optional.empty(), await(b.claim()), "held and not expired");
        clock.addAndGet(500); // a's node stalls past its lease
        assertEquals(Optional.of(0), await(b.claim()), "taken over after the lease ran out");
        await(a.renew());
        assertFalse(a.holds(0), "the old owner no longer counts the unit as its own");
        assertTrue(b.holds(0));
        await(b.complete(0));
        assertTrue(await(a.allDone()));
    }

    @Test
    void aUnitWhoseOwnersNodeLeftIsTakenAtOnceAndAReleasedUnitToo() throws Exception {
        String key = "gone-" + System.nanoTime();
        java.util.Set<String> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();
        WorkUnits a = new WorkUnits(node, key, 2, 60_000, "nodeA/c1", System::currentTimeMillis, gone::contains);
        WorkUnits b = new WorkUnits(node, key, 2, 60_000, "nodeB/c2", System::currentTimeMillis, gone::contains);
        await(a.open());
        await(b.open());
        assertEquals(Optional.of(0), await(a.claim()));
        assertEquals(Optional.of(1), await(b.claim()));
        assertEquals(Optional.empty(), await(b.claim()), "a's lease runs another minute");
        gone.add("nodeA");
        assertEquals(Optional.of(0), await(b.claim()), "a's node left: its unit is free without waiting for the lease");
        await(b.release(1));
        assertFalse(b.holds(1));
        WorkUnits c = new WorkUnits(node, key, 2, 60_000, "nodeC/c3", System::currentTimeMillis, gone::contains);
        await(c.open());
        assertEquals(Optional.of(1), await(c.claim()), "a released unit is free at once");
    }
}
