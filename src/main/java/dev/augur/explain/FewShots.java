package dev.augur.explain;

/** Three worked examples shown before the real question (Augur's own wording). */
final class FewShots {
    private FewShots() {
    }

    static final String[][] PAIRS = {
        {"Example 1: The meeting moved to<< Tuesday>> after lunch.\n"
            + "Example 2: We fly out on<< Friday>> morning.\n"
            + "Example 3: Shops close early on<< Sunday>>s in this town.",
         "The marked tokens are all names of weekdays, each used as a point in time.\n"
            + "[EXPLANATION]: Names of days of the week."},
        {"Example 1: She poured the milk<< into>> the bowl.\n"
            + "Example 2: He walked<< into>> the room and sat down.\n"
            + "Example 3: The river flows<< into>> the sea.",
         "Every marked token is the preposition \"into\" describing movement towards the inside "
            + "of something.\n[EXPLANATION]: The preposition \"into\" after verbs of motion."},
        {"Example 1: print(x<<)>>\n"
            + "Example 2: if (a > b<<)>> {\n"
            + "Example 3: len(items<<)>> + 1",
         "The marked tokens close a parenthesis opened earlier in code.\n"
            + "[EXPLANATION]: Closing parentheses in source code."},
    };
}
