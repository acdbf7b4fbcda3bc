package io.github.camelwolkvox.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** RFC 4180 as Commons CSV lexes it: only a field that really runs away is stopped, where it started. */
class FieldLengthGuardTest {

    private static String read(String text, int max) throws IOException {
        StringWriter out = new StringWriter();
        try (Reader guard = new FieldLengthGuard(new StringReader(text), ',', max)) {
            guard.transferTo(out);
        }
        return out.toString();
    }

    @Test
    void quotedDelimitersDoubledQuotesLineBreaksAndQuotesInsideAFieldAreNotRunaways() throws IOException {
        String text = "a,\"b, \"\"c\"\"\nd\",5\"inch,\"\"\r\n" + "x".repeat(10) + "\n";

        assertThat(read(text, 10)).isEqualTo(text);
    }

    @Test
    void aQuoteNeverClosedNamesTheLineItOpenedOn() {
        assertThatThrownBy(() -> read("h1,h2\r\nok,fine\r\nnext,\"opened\r\nand on\r\n", 1000))
                .isInstanceOf(IOException.class).hasMessage("the quote opened on line 3 is never closed");
    }

    @Test
    void theTextBeforeAnOverlongFieldIsPassedOnFirst() throws IOException {
        char[] buf = new char[100];
        try (Reader guard = new FieldLengthGuard(new StringReader("a,b\nc,\"" + "z".repeat(20)), ',', 10)) {
            int n = guard.read(buf, 0, buf.length);
            assertThat(new String(buf, 0, n)).isEqualTo("a,b\nc,\"" + "z".repeat(10));
            assertThatThrownBy(() -> guard.read(buf, 0, buf.length))
                    .hasMessage("the quote opened on line 2 is not closed within 10 characters (wolkvox.activity-codes.max-field-length)");
        }
    }

    @Test
    void aRowOfNothingButDelimitersIsStoppedToo() {
        assertThatThrownBy(() -> read(",".repeat(FieldLengthGuard.MAX_FIELDS + 1), 10))
                .hasMessage("line 1 has more than " + FieldLengthGuard.MAX_FIELDS + " fields");
    }
}
