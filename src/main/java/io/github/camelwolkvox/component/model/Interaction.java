package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/**
 * Body of {@code add_interaction}: an atypical interaction routed to routing point {@code rp_id};
 * {@code fromname} and {@code toname} (display names) are optional and sent only when given.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Interaction(
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("subject") String subject,
        @JsonProperty("body") String body,
        @JsonProperty("rp_id") String rpId,
        @JsonProperty("fromname") @JsonInclude(JsonInclude.Include.NON_NULL) String fromName,
        @JsonProperty("toname") @JsonInclude(JsonInclude.Include.NON_NULL) String toName) {

    /** An interaction without display names. */
    public Interaction(String from, String to, String subject, String body, String rpId) {
        this(from, to, subject, body, rpId, null, null);
    }

    /** Longest from / to (an e-mail address: 320), subject, body and rp_id. */
    public static final int MAX_ADDRESS = 320;
    public static final int MAX_SUBJECT = 1000;
    public static final int MAX_BODY = 65535;
    public static final int MAX_RP_ID = 32;

    public Interaction validated() {
        List<FieldError> errors = new ArrayList<>();
        String f = Fields.required("from", from, MAX_ADDRESS, errors);
        String t = Fields.required("to", to, MAX_ADDRESS, errors);
        String s = Fields.required("subject", subject, MAX_SUBJECT, errors);
        String b = Fields.required("body", body, MAX_BODY, errors);
        String rp = Fields.required("rp_id", rpId, MAX_RP_ID, errors);
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors);
        }
        return new Interaction(f, t, s, b, rp, Fields.optional(fromName), Fields.optional(toName));
    }
}
