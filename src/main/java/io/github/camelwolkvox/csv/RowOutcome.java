package io.github.camelwolkvox.csv;

/** One line of the result file; {@code note} says how the row was read when that matters (else empty). */
public record RowOutcome(long line, String typeCode, String codAct, RowStatus status, String message, String note) {

    RowOutcome(long line, String typeCode, String codAct, RowStatus status, String message) {
        this(line, typeCode, codAct, status, message, "");
    }
}
