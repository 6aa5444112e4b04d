package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The answers of the classification and intruder scorers (SPEC 7): malformed is null, never a crash. */
class AnswerParserTest {
    private static final Boolean T = true;
    private static final Boolean F = false;

    @Test
    void readsAZeroOneListOfTheRightLength() {
        assertArrayEquals(new Boolean[] {T, F, F, T, T}, AnswerParser.binaryList("[1,0,0,1,1]", 5));
        assertArrayEquals(new Boolean[] {T, F, T}, AnswerParser.binaryList("[ 1 , 0,1 ]", 3));
        assertArrayEquals(new Boolean[] {F}, AnswerParser.binaryList("[0]", 1));
        assertArrayEquals(new Boolean[] {T, F}, AnswerParser.binaryList("Sure! Here it is:\n[1, 0]\nDone.", 2));
    }

    @Test
    void theFirstListWins() {
        assertArrayEquals(new Boolean[] {F, T}, AnswerParser.binaryList("[0,1] or maybe [1,1]", 2));
        // the first list has the wrong length: the prompt fails, the second is not used
        assertNull(AnswerParser.binaryList("[0,1,1] no wait [1,1]", 2));
    }

    @Test
    void wrongLengthOrValuesOrNoListIsNull() {
        assertNull(AnswerParser.binaryList("[1,0,1]", 2));
        assertNull(AnswerParser.binaryList("[1,0]", 3));
        assertNull(AnswerParser.binaryList("[1,2,0]", 3));
        assertNull(AnswerParser.binaryList("[1,yes,0]", 3));
        assertNull(AnswerParser.binaryList("[true,false]", 2));
        assertNull(AnswerParser.binaryList("[1.0,0]", 2));
        assertNull(AnswerParser.binaryList("1,0,1", 3));
        assertNull(AnswerParser.binaryList("", 1));
        assertNull(AnswerParser.binaryList(null, 1));
        assertNull(AnswerParser.binaryList("[]", 1));
    }

    @Test
    void emptyEntriesAreNotSkipped() {
        // "[1,0,1,]" and "[1,0,,]" hold 4 entries, not 3 or 2 (delphi's json.loads rejects both)
        assertNull(AnswerParser.binaryList("[1,0,1,]", 3));
        assertNull(AnswerParser.binaryList("[1,0,,]", 2));
        assertNull(AnswerParser.binaryList("[,1,0]", 2));
    }

    @Test
    void readsTheIntruderResponse() {
        assertEquals(3, AnswerParser.response("[RESPONSE]: 3"));
        assertEquals(0, AnswerParser.response("The odd one is the first.\n[RESPONSE]:0"));
        assertEquals(4, AnswerParser.response("thinking...\n[RESPONSE]:   4\n"));
        assertEquals(2, AnswerParser.response("[RESPONSE]: 2 and later [RESPONSE]: 1"));
        assertNull(AnswerParser.response("Example 3"));
        assertNull(AnswerParser.response("[RESPONSE]: three"));
        assertNull(AnswerParser.response(null));
    }

    @Test
    void anOverlongNumberIsNullNotAnException() {
        assertNull(AnswerParser.response("[RESPONSE]: 99999999999999999999"));
    }
}
