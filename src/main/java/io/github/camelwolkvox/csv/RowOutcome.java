package io.github.camelwolkvox.csv;

/** One line of the result file. */
public record RowOutcome(long line, String typeCode, String codAct, RowStatus status, String message) {
}
