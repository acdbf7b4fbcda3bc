package io.github.camelwolkvox.component;

import java.util.List;

/** Input that cannot be sent to Wolkvox; names every bad field. Raised before the token is touched. */
public class WolkvoxValidationException extends IllegalArgumentException {

    private final List<FieldError> errors;

    public WolkvoxValidationException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(FieldError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> getErrors() {
        return errors;
    }

    public record FieldError(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }
}
