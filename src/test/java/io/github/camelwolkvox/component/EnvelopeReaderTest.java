package io.github.camelwolkvox.component;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The vendor's refusals are classified by status and envelope code; text only tells the documented 403s apart. */
class EnvelopeReaderTest {

    @ParameterizedTest(name = "HTTP {0}, code {1}, \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', value = {
        "403 | 403 | EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (2) | TOKEN_BUSY",
        "403 | -1  | exceeds the limit of simultaneous requests per token (1) | TOKEN_BUSY",
        "200 | 403 | EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (1) | TOKEN_BUSY",
        "403 | 403 | TOKEN LIMIT EXCEEDED                                     | QUOTA_EXCEEDED",
        "403 | 403 | PLEASE VALIDATE TOKEN                                    | TOKEN_REFUSED",
        "401 | 401 | PLEASE ENTER THE WOLKVOX-TOKEN                           | TOKEN_REFUSED",
        "403 | 403 | Server under maintenance, try again later                | UNAVAILABLE",
        // words in other errors decide nothing: a field's message may say "limit" or "in use"
        "400 | 400 | description exceeds the limit of 100 characters          | REJECTED",
        "200 | 400 | the code is in use by another campaign                   | REJECTED",
        "400 | 400 | SOME PARAMETERS ARE REQUIRED                             | REJECTED",
        "200 | 500 | simultaneous requests                                    | SERVER_ERROR",
        "502 | -1  | TOKEN LIMIT EXCEEDED                                     | SERVER_ERROR",
    })
    void classifiesByStatusThenTheDocumentedText(int http, int code, String text, WolkvoxFailure expected) {
        assertThat(EnvelopeReader.classify(http, code, null, text)).isEqualTo(expected);
    }
}
