package dev.augur.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped Kubernetes manifests: a NetworkPolicy admits only Augur pods to the Hazelcast and
 * event-bus ports of every Augur pod, since Hazelcast's open-source edition authenticates no member.
 */
class KubernetesManifestTest {
    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final int HAZELCAST = 5701;
    private static final int EVENT_BUS = 15701;

    @Test
    void onlyAugurPodsReachTheClusterPorts() throws IOException {
        List<JsonNode> docs = documents();
        List<JsonNode> policies = docs.stream().filter(d -> "NetworkPolicy".equals(d.path("kind").asText())).toList();
        assertEquals(1, policies.size(), "one NetworkPolicy under " + DIR);
        JsonNode spec = policies.get(0).path("spec");
        Map<String, String> selected = labels(spec.path("podSelector").path("matchLabels"));
        assertTrue(spec.path("policyTypes").toString().contains("Ingress"));

        // every Augur pod is selected by the policy, and exposes the cluster ports it guards
        List<JsonNode> templates = docs.stream().filter(d -> d.path("spec").path("template").isObject())
            .map(d -> d.path("spec").path("template")).toList();
        assertTrue(templates.size() >= 2, "the coordinator Job and the scorer Deployment");
        for (JsonNode t : templates) {
            assertTrue(labels(t.path("metadata").path("labels")).entrySet().containsAll(selected.entrySet()),
                "pod template " + t.path("metadata").path("labels") + " not selected by " + selected);
            Set<Integer> exposed = new HashSet<>();
            t.path("spec").path("containers").forEach(c -> c.path("ports").forEach(p -> exposed.add(p.path("containerPort").asInt())));
            assertTrue(exposed.containsAll(Set.of(HAZELCAST, EVENT_BUS)), "container ports " + exposed);
        }

        // whoever may open the cluster ports is an Augur pod, and nobody else may
        for (int port : List.of(HAZELCAST, EVENT_BUS)) {
            List<JsonNode> rules = new ArrayList<>();
            spec.path("ingress").forEach(rule -> {
                boolean covers = !rule.has("ports");
                for (JsonNode p : rule.path("ports")) {
                    covers |= p.path("port").asInt() == port;
                }
                if (covers) {
                    rules.add(rule);
                }
            });
            assertFalse(rules.isEmpty(), "no rule admits the Augur pods to port " + port);
            for (JsonNode rule : rules) {
                assertTrue(rule.path("from").isArray() && rule.path("from").size() > 0,
                    "port " + port + " open to everyone: " + rule);
                for (JsonNode from : rule.path("from")) {
                    assertFalse(from.has("ipBlock") || from.has("namespaceSelector"), "port " + port + " open beyond the pods: " + from);
                    assertEquals(selected, labels(from.path("podSelector").path("matchLabels")),
                        "port " + port + " open to other pods: " + from);
                }
            }
        }
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        assertFalse(out.isEmpty(), "no labels in " + node);
        return out;
    }

    private static List<JsonNode> documents() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(f.toFile())) {
                    yaml.readValues(parser, JsonNode.class).forEachRemaining(out::add);
                }
            }
        }
        return out;
    }
}
