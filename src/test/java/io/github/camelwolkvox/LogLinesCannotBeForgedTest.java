package io.github.camelwolkvox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.Test;

/**
 * The shipped log4j2.properties (the one on the classpath: there is no test configuration): a value
 * holding CR, LF or another control character cannot start a line of its own in the log, in the
 * message or in an exception's message; everything else is written as it is.
 */
class LogLinesCannotBeForgedTest {

    private static String line(String message, Object value, Throwable thrown) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Layout<?> layout = context.getConfiguration().getAppender("console").getLayout();
        Log4jLogEvent event = Log4jLogEvent.newBuilder().setLoggerName("io.github.camelwolkvox.csv.ActivityCodeIntake")
                .setLevel(Level.INFO).setMessage(new ParameterizedMessage(message, value)).setThrown(thrown).build();
        return new String(layout.toByteArray(event), StandardCharsets.UTF_8);
    }

    @Test
    void aHeaderWithLineBreaksAndControlCharactersStaysOnOneLine() {
        String forged = "codigo\r\n2026-12-02 06:00:00.000 INFO  [main] Application - token accepted\u001b[2J\u0085x\u2028y\bz";

        String logged = line("Activity codes codes.csv: columns ignored: [{}]", forged, null);

        assertThat(logged).endsWith("\n").hasLineCount(1).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u0085")
                .doesNotContain("\u2028").doesNotContain("\b");
        assertThat(logged).contains("columns ignored: [codigo\\r\\n2026-12-02 06:00:00.000 INFO  [main] Application - token accepted?[2J?x?y?z]");
    }

    @Test
    void anExceptionIsOneLineWithItsMessageEncoded() {
        String logged = line("Activity codes {}: failed", "codes.csv",
                new IllegalStateException("bad value\nFAKE ERROR line"));

        assertThat(logged).hasLineCount(1).endsWith("\n");
        assertThat(logged).contains("Activity codes codes.csv: failed java.lang.IllegalStateException: bad value\\nFAKE ERROR line\\n\tat ");
    }

    @Test
    void plainTextAccentsAndTabsAreWrittenAsTheyAre() {
        String logged = line("Activity codes {}: 3 rows", "Descripción\tcódigos ñ.csv", null);

        assertThat(logged).endsWith(" - Activity codes Descripción\tcódigos ñ.csv: 3 rows\n").hasLineCount(1);
    }
}
