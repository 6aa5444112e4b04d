package dev.augur.pipeline;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's view of its cluster: its own node id and the members that left since it joined,
 * from Hazelcast's membership events (Vert.x keeps the cluster manager's one node listener for
 * itself, so this listens on the Hazelcast instance directly). A member is reported gone as soon
 * as Hazelcast removes it: at once when it leaves gracefully, after Hazelcast's failure detection
 * (cluster.xml: heartbeats every second, removal after 10 s without one, sooner when its
 * connections are refused) when it crashed. An unclustered Vert.x is a cluster of one.
 */
final class ClusterView {
    /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final String nodeId;
    private final Set<String> left = ConcurrentHashMap.newKeySet();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private record Listener(Context context, Consumer<String> onLeft) {
    }

    private final java.util.function.Supplier<java.util.Collection<String>> members;

    private ClusterView(String nodeId, java.util.function.Supplier<java.util.Collection<String>> members) {
        this.nodeId = nodeId;
        this.members = members;
    }

    /** Listens to the cluster of {@code vertx}; call once per node. */
    static ClusterView open(Vertx vertx) {
        ClusterManager manager = vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
        if (manager == null) {
            return new ClusterView("local", () -> List.of("local"));
        }
        ClusterView view = new ClusterView(manager.getNodeId(), manager::getNodes);
        if (manager instanceof HazelcastClusterManager hz) {
            hz.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    // nothing to do: a new member registers its consumers and gets work from then on
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    String id = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
                    view.left(id != null ? id : event.getMember().getUuid().toString());
                }
            });
        }
        return view;
    }

    String nodeId() {
        return nodeId;
    }

    /** Whether {@code node} is a member of the cluster now. */
    boolean isMember(String node) {
        return members.get().contains(node);
    }

    /** Whether this node saw {@code node} leave the cluster. */
    boolean hasLeft(String node) {
        return left.contains(node);
    }

    /** Calls {@code onLeft} with each member that leaves from now on, on the caller's context. */
    void onLeft(Vertx vertx, Consumer<String> onLeft) {
        listeners.add(new Listener(vertx.getOrCreateContext(), onLeft));
    }

    /** A member left (called on a Hazelcast thread, or by tests). */
    void left(String node) {
        if (left.add(node)) {
            for (Listener l : listeners) {
                l.context().runOnContext(v -> l.onLeft().accept(node));
            }
        }
    }
}
