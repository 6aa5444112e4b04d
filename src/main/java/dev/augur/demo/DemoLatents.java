package dev.augur.demo;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The demo cache's latents: simple rules over GPT-2 tokens of The Devil's Dictionary, each with
 * its true explanation and a typical activation level. Two never fire (dead) and two fire only
 * a handful of times (below min_examples).
 */
final class DemoLatents {
    /** Whether latent fires on token i of the corpus (s = decoded token strings). */
    @FunctionalInterface
    interface Rule {
        boolean fires(String[] s, int i);
    }

    record Latent(String explanation, double level, Rule rule) {
    }

    private static final Set<String> MONTHS = Set.of(" January", " February", " March", " April",
        " May", " June", " July", " August", " September", " October", " November", " December");
    private static final Set<String> NEGATION = Set.of(" not", " no", " never", " nor", " nothing",
        " none", "n't", " Not", " No", " Never");
    private static final Set<String> RELIGION = Set.of(" God", " god", " gods", " church", " priest",
        " heaven", " Heaven", " hell", " sin", " religion", " saint", " devil", " Devil", " soul",
        " prayer", " pray", " divine", " holy", " Christian", " faith", " clergy");
    private static final Set<String> MONEY = Set.of(" money", " wealth", " rich", " poor", " gold",
        " dollar", " dollars", " pay", " paid", " debt", " price", " fortune", " bank", " cash");
    private static final Set<String> PRONOUNS_I = Set.of(" I", "I");

    private static boolean letterWord(String t) {
        return t.length() > 1 && t.charAt(0) == ' ' && Character.isLetter(t.charAt(1));
    }

    private static boolean sentenceEnd(String t) {
        String s = t.strip();
        return s.isEmpty() || s.endsWith(".") || s.endsWith("!") || s.endsWith("?") || s.endsWith(":");
    }

    static final List<Latent> ALL = List.of(
        new Latent("Digits and numbers", 3.0, (s, i) -> s[i].chars().anyMatch(Character::isDigit)),
        new Latent("Names of months", 4.0, (s, i) -> MONTHS.contains(s[i])),
        new Latent("The word \"the\"", 2.0, (s, i) -> s[i].equals(" the")),
        new Latent("Words right after \"of\"", 2.5, (s, i) -> i > 0 && s[i - 1].equals(" of") && letterWord(s[i])),
        new Latent("Closing quotation marks", 3.0, (s, i) -> s[i].contains("\"") && i > 0
            && !s[i - 1].isBlank() && !s[i].startsWith(" \"")),
        new Latent("Capitalised names in the middle of a sentence", 2.0, (s, i) -> i > 0
            && s[i].length() > 2 && s[i].charAt(0) == ' ' && Character.isUpperCase(s[i].charAt(1))
            && s[i].substring(1).chars().anyMatch(Character::isLowerCase) && !sentenceEnd(s[i - 1])),
        new Latent("Negation words such as \"not\", \"no\" and \"never\"", 3.5, (s, i) -> NEGATION.contains(s[i])),
        new Latent("Words about religion: God, church, priests, heaven, sin", 3.0, (s, i) -> RELIGION.contains(s[i])),
        new Latent("Words about money and wealth", 3.0, (s, i) -> MONEY.contains(s[i])),
        new Latent("Semicolons", 2.0, (s, i) -> s[i].contains(";")),
        new Latent("Full stops ending a sentence", 1.5, (s, i) -> s[i].equals(".")),
        new Latent("Line breaks", 1.0, (s, i) -> s[i].contains("\n")),
        new Latent(null, 0, (s, i) -> false), // dead
        new Latent("Headwords written in capital letters", 4.0, (s, i) -> {
            String t = s[i].strip();
            return t.length() >= 2 && t.chars().allMatch(ch -> Character.isUpperCase(ch))
                && (i == 0 || s[i - 1].contains("\n") || s[i - 1].strip().chars().allMatch(Character::isUpperCase));
        }),
        new Latent("The pronoun \"I\"", 2.5, (s, i) -> PRONOUNS_I.contains(s[i])),
        new Latent("Adverbs ending in -ly", 2.0, (s, i) -> s[i].length() > 3
            && s[i].toLowerCase(Locale.ROOT).endsWith("ly") && letterWord(s[i])),
        new Latent("The word \"elephant\"", 5.0, (s, i) -> s[i].equals(" elephant")), // too rare: 3
        new Latent("The city of London", 5.0, (s, i) -> s[i].equals(" London")),       // too rare: 5
        new Latent("The word \"and\"", 1.5, (s, i) -> s[i].equals(" and")),
        new Latent("Words ending in -ness", 2.5, (s, i) -> s[i].endsWith("ness")),
        new Latent("Question marks", 2.0, (s, i) -> s[i].contains("?")),
        new Latent("Underscores marking italic titles", 2.0, (s, i) -> s[i].contains("_")),
        new Latent(null, 0, (s, i) -> false), // dead
        new Latent("Commas", 1.0, (s, i) -> s[i].equals(","))
    );

    private DemoLatents() {
    }
}
