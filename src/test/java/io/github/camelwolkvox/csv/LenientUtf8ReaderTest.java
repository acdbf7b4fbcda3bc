package io.github.camelwolkvox.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Byte sequence by byte sequence: what is valid UTF-8 stays UTF-8, every other byte is Windows-1252. */
class LenientUtf8ReaderTest {

    private static String decode(LenientUtf8Reader reader) throws IOException {
        StringWriter out = new StringWriter();
        reader.transferTo(out);
        return out.toString();
    }

    private static LenientUtf8Reader reader(byte[] bytes) {
        return new LenientUtf8Reader(new ByteArrayInputStream(bytes));
    }

    @Test
    void validUtf8OfEveryLengthIncludingSupplementaryCharacters() throws IOException {
        String text = "a é € 𝄞 😀 ñ";
        LenientUtf8Reader reader = reader(text.getBytes(StandardCharsets.UTF_8));

        assertThat(decode(reader)).isEqualTo(text);
        assertThat(reader.fallbackBytes()).isZero();
        assertThat(reader.utf8Sequences()).isEqualTo(5); // é € 𝄞 😀 ñ
    }

    @Test
    void bytesThatAreNotUtf8AreWindows1252AndTheirLinesAreNamed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("línea 1\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("Señal € 2\n".getBytes(CsvDialect.WINDOWS_1252));
        bytes.writeBytes("línea 3\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF, ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80, ' ', (byte) 0xC3});
        LenientUtf8Reader reader = reader(bytes.toByteArray());

        // overlong C0 AF, an encoded surrogate ED A0 80 and a sequence cut by the end: one Windows-1252 character per byte
        assertThat(decode(reader)).isEqualTo("línea 1\r\nSeñal € 2\nlínea 3\nÀ¯ í\u00A0€ Ã");
        assertThat(reader.fellBack(1, 1)).isFalse();
        assertThat(reader.fellBack(2, 2)).isTrue();
        assertThat(reader.fellBack(3, 3)).isFalse();
        assertThat(reader.fellBack(4, 4)).isTrue();
        assertThat(reader.fallbackBytes()).isEqualTo(2 + 6);
    }

    @Test
    void aByteOrderMarkIsSkippedAndSequencesAcrossTheBufferAreWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String body = "x".repeat(64 * 1024 - 4) + "😀€é" + "y";
        bytes.writeBytes(body.getBytes(StandardCharsets.UTF_8));

        LenientUtf8Reader reader = reader(bytes.toByteArray());

        assertThat(decode(reader)).isEqualTo(body);
        assertThat(reader.fallbackBytes()).isZero();
    }
}
