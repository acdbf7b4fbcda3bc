package io.github.camelwolkvox.rest;

import java.util.ArrayList;
import java.util.List;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.component.model.ActivityCode;

/** Checks on REST request bodies that come before any Wolkvox call. */
public final class RestRequests {

    private RestRequests() {
    }

    /**
     * A request body must be there: without one the wolkvox producer would read the request's
     * headers as the API fields.
     */
    public static Object required(Object body) {
        if (body == null) {
            throw new WolkvoxValidationException(List.of(new FieldError("body", "is required: send one JSON object")));
        }
        return body;
    }

    /**
     * Validates every code before the first is sent, so a request with one bad code does nothing
     * and names every bad field; with several codes the field names carry the position, {@code [2].hit}.
     */
    public static List<ActivityCode> activityCodes(List<ActivityCode> codes) {
        if (codes == null || codes.isEmpty()) {
            throw new WolkvoxValidationException(List.of(new FieldError("body",
                    "is required: send one activity code object or a non-empty array of them")));
        }
        List<FieldError> errors = new ArrayList<>();
        List<ActivityCode> valid = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String prefix = codes.size() == 1 ? "" : "[" + i + "].";
            ActivityCode code = codes.get(i);
            if (code == null) {
                errors.add(new FieldError("[" + i + "]", "must be an activity code object"));
                continue;
            }
            try {
                valid.add(code.validated());
            } catch (WolkvoxValidationException e) {
                e.getErrors().forEach(err -> errors.add(new FieldError(prefix + err.field(), err.reason())));
            }
        }
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors);
        }
        return valid;
    }
}
