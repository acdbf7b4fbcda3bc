package io.github.camelwolkvox.rest;

import java.util.ArrayList;
import java.util.List;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.Interaction;

/**
 * Checks on REST request bodies that come before any Wolkvox call (and before the token is
 * touched): the body is there, every field is valid and within its length. The validated record
 * is what is sent, recorded and hashed for the Idempotency-Key.
 */
public final class RestRequests {

    private RestRequests() {
    }

    /** A dial body, validated (a missing body would make the producer read the request's headers). */
    public static DialRequest dial(DialRequest body) {
        return required(body).validated();
    }

    /** An interaction body, validated. */
    public static Interaction interaction(Interaction body) {
        return required(body).validated();
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new WolkvoxValidationException(List.of(new FieldError("body", "is required: send one JSON object")));
        }
        return body;
    }

    /**
     * Validates every code before the first is sent, so a request with one bad code does nothing
     * and names every bad field; with several codes the field names carry the position, {@code [2].hit}.
     * More than {@code maxBatch} codes are refused (413) before any is looked at: one synchronous
     * request must not hold the caller (and the token) for hours.
     */
    public static List<ActivityCode> activityCodes(List<ActivityCode> codes, int maxBatch) {
        if (codes == null || codes.isEmpty()) {
            throw new WolkvoxValidationException(List.of(new FieldError("body",
                    "is required: send one activity code object or a non-empty array of them")));
        }
        if (codes.size() > maxBatch) {
            throw new RestRefusalException(413, "too_many_items", codes.size() + " activity codes in one request, at most "
                    + maxBatch + " are taken (wolkvox.rest.max-batch); send smaller batches or drop a CSV file into the inbox");
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
