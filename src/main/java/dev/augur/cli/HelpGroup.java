package dev.augur.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The headings {@code --help} lists options under, in this order. An option's field, or the
 * mixin class that declares it, names its heading with {@link In}; options with none (--help,
 * --version, the small commands' flags) are listed first under "Options". Headings only: how
 * options parse is untouched. There is no "Cluster" heading because no command has a
 * cluster-only flag (a node reads these same settings from its JSON config).
 */
enum HelpGroup {
    RECORDS("Records"),
    SCORING("Explaining and scoring"),
    LLM("LLM"),
    RUN("Run");

    /** Names the heading of the annotated option field, or of every option of the annotated class. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.TYPE})
    @interface In {
        HelpGroup value();
    }

    final String heading;

    HelpGroup(String heading) {
        this.heading = heading;
    }

    /** The option's heading, or null for the general "Options" list. */
    static HelpGroup of(OptionSpec option) {
        if (!(option.userObject() instanceof Field field)) {
            return null;
        }
        In in = field.getAnnotation(In.class);
        if (in == null) {
            in = field.getDeclaringClass().getAnnotation(In.class);
        }
        return in == null ? null : in.value();
    }
}
