package dev.augur.cli;

import dev.augur.construct.Device;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.explain.ExplainerVariant;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.score.ScorerSettings;
import picocli.CommandLine.ITypeConverter;

/**
 * picocli converters to the typed settings, at the edge: each calls the type's own parser, whose
 * one-line message names the flag ({@link Augur} prints it as it is). Flags, {@code --conf} keys
 * and node configs all pass through these.
 */
final class Converters {
    private Converters() {
    }

    static final class ToWindowMode implements ITypeConverter<WindowMode> {
        @Override
        public WindowMode convert(String s) {
            return WindowMode.parse(s);
        }
    }

    static final class ToNonActivatingSource implements ITypeConverter<NonActivatingSource> {
        @Override
        public NonActivatingSource convert(String s) {
            return NonActivatingSource.parse(s);
        }
    }

    static final class ToTrainType implements ITypeConverter<TrainType> {
        @Override
        public TrainType convert(String s) {
            return TrainType.parse(s);
        }
    }

    static final class ToSamplingMode implements ITypeConverter<SamplingMode> {
        @Override
        public SamplingMode convert(String s) {
            return SamplingMode.parse(s);
        }
    }

    static final class ToDevice implements ITypeConverter<Device> {
        @Override
        public Device convert(String s) {
            return Device.parse(s);
        }
    }

    static final class ToExplainerVariant implements ITypeConverter<ExplainerVariant> {
        @Override
        public ExplainerVariant convert(String s) {
            return ExplainerVariant.parse(s);
        }
    }

    static final class ToFuzzType implements ITypeConverter<ScorerSettings.FuzzType> {
        @Override
        public ScorerSettings.FuzzType convert(String s) {
            return ScorerSettings.FuzzType.parse(s);
        }
    }

    static final class ToNeighbourMethod implements ITypeConverter<NeighbourMethod> {
        @Override
        public NeighbourMethod convert(String s) {
            return NeighbourMethod.parse("--neighbours-method", s);
        }
    }

    /** {@code augur neighbours --method}. */
    static final class ToMethod implements ITypeConverter<NeighbourMethod> {
        @Override
        public NeighbourMethod convert(String s) {
            return NeighbourMethod.parse("--method", s);
        }
    }
}
