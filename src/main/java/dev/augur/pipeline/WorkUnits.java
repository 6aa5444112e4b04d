package dev.augur.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Claims of a run's work units in Vert.x's shared data (cluster-wide when clustered), so that coordinators on
 * several nodes share one cache: fresh units are handed out by a cluster counter; each claim
 * carries a lease its coordinator renews; a unit whose lease ran out (its node died or hung)
 * is claimed again by the next coordinator that asks, atomically (compare-and-replace).
 * A unit's entry reads {@code c|<owner>|<lease end ms>} while claimed and {@code d} when done;
 * the owner is {@code <node id>/<coordinator id>}, and a unit whose owner's node left the
 * cluster is free at once, without waiting for its lease to run out. That is safe in a cluster
 * that stays whole: a member Hazelcast removed is gone (a process that comes back joins as a
 * new member). After a network split both sides may work on such a unit for a while; the
 * run's files stay consistent (the first writer wins) and at worst some prompts are paid twice.
 * Claims live under a generation of the run's key: a coordinator that starts on a run whose
 * current generation is all done opens the next one, so the same run started again on a
 * cluster that stayed up is planned afresh (finished latents are then found on disk).
 */
final class WorkUnits {
    static final String DONE = "d";
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");

    private final Vertx vertx;
    private final String baseKey;
    private String key;
    private final int units;
    private final long leaseMs;
    private final String owner;
    private final LongSupplier clock;
    private final java.util.function.Predicate<String> nodeGone;
    private final Map<Integer, String> mine = new java.util.HashMap<>();
    private boolean renewing;

    WorkUnits(Vertx vertx, String key, int units, long leaseMs, String owner, LongSupplier clock,
              java.util.function.Predicate<String> nodeGone) {
        this.nodeGone = nodeGone;
        this.vertx = vertx;
        this.baseKey = key;
        this.key = key + ".g0";
        this.units = units;
        this.leaseMs = leaseMs;
        this.owner = owner;
        this.clock = clock;
    }

    private Future<AsyncMap<Integer, String>> map() {
        return vertx.sharedData().getAsyncMap(key + ".units");
    }

    private String lease() {
        return "c|" + owner + "|" + (clock.getAsLong() + leaseMs);
    }

    /** Joins the run's current generation, or opens the next one if the current is all done. */
    Future<Void> open() {
        return vertx.sharedData().getCounter(baseKey + ".generation").compose(g -> g.get().compose(n -> {
            key = baseKey + ".g" + n;
            return allDone().compose(done -> {
                if (!done || units == 0) {
                    return Future.<Void>succeededFuture();
                }
                return g.compareAndSet(n, n + 1).compose(won -> open());
            });
        }));
    }

    /** The next unit for this coordinator: a fresh one, else one whose lease expired; empty if none. */
    Future<Optional<Integer>> claim() {
        return vertx.sharedData().getCounter(key + ".next").compose(Counter::getAndIncrement)
            .compose(next -> next < units ? take(next.intValue()) : takeExpired());
    }

    private Future<Optional<Integer>> take(int id) {
        String value = lease();
        return map().compose(m -> m.putIfAbsent(id, value)).compose(prev -> {
            if (prev == null) {
                mine.put(id, value);
                return Future.succeededFuture(Optional.of(id));
            }
            return claim(); // taken over by an expired-lease claim in between
        });
    }

    private Future<Optional<Integer>> takeExpired() {
        return map().compose(m -> m.entries().compose(all -> {
            long now = clock.getAsLong();
            if (all.size() < units) { // an id handed out whose claim was never recorded (its node died)
                for (int id = 0; id < units; id++) {
                    if (!all.containsKey(id)) {
                        return take(id);
                    }
                }
            }
            for (Map.Entry<Integer, String> e : all.entrySet()) {
                boolean gone = !DONE.equals(e.getValue()) && ownerGone(e.getValue());
                if (!DONE.equals(e.getValue()) && (leaseEnd(e.getValue()) < now || gone)) {
                    String value = lease();
                    return m.replaceIfPresent(e.getKey(), e.getValue(), value).compose(won -> {
                        if (won) {
                            LOG.log(System.Logger.Level.INFO, "augur node: work unit " + e.getKey() + " taken over ("
                                + (gone ? "its coordinator's node left the cluster" : "its lease ran out") + ")");
                            mine.put(e.getKey(), value);
                            return Future.succeededFuture(Optional.of(e.getKey()));
                        }
                        return takeExpired();
                    });
                }
            }
            return Future.succeededFuture(Optional.<Integer>empty());
        }));
    }

    /** Whether the unit's owner runs on a node that left the cluster. */
    private boolean ownerGone(String value) {
        int first = value.indexOf('|');
        int slash = value.indexOf('/', first + 1);
        return first >= 0 && slash > first && nodeGone.test(value.substring(first + 1, slash));
    }

    private static long leaseEnd(String value) {
        int bar = value.lastIndexOf('|');
        try {
            return Long.parseLong(value.substring(bar + 1));
        } catch (RuntimeException e) {
            return Long.MIN_VALUE; // unreadable: treat as expired
        }
    }

    /**
     * Extends the leases of this coordinator's units; one another coordinator took over is
     * dropped. A renewal still on its way is not overlapped: the second would compare against
     * the value the first replaces, fail, and drop a unit this coordinator still holds.
     */
    Future<Void> renew() {
        if (renewing) {
            return Future.succeededFuture();
        }
        renewing = true;
        return map().compose(m -> {
            java.util.List<Future<Boolean>> all = new java.util.ArrayList<>();
            for (Map.Entry<Integer, String> e : Map.copyOf(mine).entrySet()) {
                String value = lease();
                all.add(m.replaceIfPresent(e.getKey(), e.getValue(), value).onSuccess(won -> {
                    if (won) {
                        mine.put(e.getKey(), value);
                    } else {
                        mine.remove(e.getKey());
                    }
                }));
            }
            return Future.join(all).<Void>mapEmpty();
        }).onComplete(ar -> renewing = false);
    }

    /** Whether this coordinator still holds unit {@code id}'s lease, as far as it knows. */
    boolean holds(int id) {
        return mine.containsKey(id);
    }

    /** Gives unit {@code id} up: its lease ends now, so the next coordinator that asks takes it. */
    Future<Void> release(int id) {
        String held = mine.remove(id);
        if (held == null) {
            return Future.succeededFuture();
        }
        String owner = held.substring(0, held.lastIndexOf('|'));
        return map().compose(m -> m.replaceIfPresent(id, held, owner + "|0")).mapEmpty();
    }

    Future<Void> complete(int id) {
        mine.remove(id);
        return map().compose(m -> m.put(id, DONE));
    }

    /** The units of the run no coordinator has finished (claimed ones included). */
    Future<java.util.List<Integer>> undone() {
        return map().compose(AsyncMap::entries).map(all -> java.util.stream.IntStream.range(0, units)
            .filter(id -> !DONE.equals(all.get(id))).boxed().toList());
    }

    /** Whether every unit of the run is done, by any coordinator. */
    Future<Boolean> allDone() {
        return map().compose(AsyncMap::entries).map(all -> all.size() == units
            && all.values().stream().allMatch(DONE::equals));
    }
}
