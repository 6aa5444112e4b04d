package dev.augur.api;

import dev.augur.construct.ConstructorConfig;
import dev.augur.explain.ExplainerVariant;
import dev.augur.llm.LlmConfig;
import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.run.LatentResult;
import dev.augur.sample.SamplerConfig;
import dev.augur.score.ScorerKind;
import java.nio.file.Path;
import java.util.List;

/** The Java API example of the README, verbatim between the markers (ReadmeExampleTest checks). */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static List<LatentResult> run(Path cache, Path tokenizerJson, String baseUrl, int minExamples)
        throws Exception {
        // README example: start
        LlmConfig llm = LlmConfig.of(baseUrl, "Qwen/Qwen2.5-7B-Instruct").withLimits(16, 0);
        ConstructorConfig examples = ConstructorConfig.defaults()   // delphi's, changed by name
            .withExampleCtxLen(8).withMinExamples(minExamples).withNNonActivating(12);
        try (AugurPipeline pipeline = AugurPipeline.builder()
                .cache(cache)                                   // delphi's latents/ folder
                .latents("layers.2", "0:4")                     // a module's latents 0..3
                .tokenizer(tokenizerJson)
                .constructor(examples)
                .sampler(SamplerConfig.defaults())
                .seed(22)                                       // the run's one seed
                .llm(llm)
                .explain(ExplainerVariant.DEFAULT, false, false) // or loadExplanations(dir)
                .scorer(ScorerKind.DETECTION)
                .scorer(ScorerKind.FUZZ, input -> input,          // hooks before and after
                    samples -> samples.stream().filter(s -> s.prediction() != null).toList())
                .parallelism(8)                                 // latents in flight
                .build()) {
            return pipeline.run().peek(r -> {
                LatentMetrics fuzz = LatentMetrics.of(LatentName.parse(r.name()), r.scores().get("fuzz"));
                System.out.printf("%s %.2f %s%n", r.name(), fuzz.f1(), r.explanation().text());
            }).toList();
        }
        // README example: end
    }
}
