package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/** Parameters of {@code dial}: the agent's softphone calls the customer. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DialRequest(
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("customer_phone") String customerPhone,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("customer_name") String customerName) {

    private static final Pattern AGENT_ID = Pattern.compile("\\d{1,12}");
    /** E.164-like: optional leading +, 5 to 20 digits once spaces, dashes, dots and brackets are removed. */
    private static final Pattern PHONE = Pattern.compile("\\+?\\d{5,20}");
    private static final Pattern PHONE_DECORATION = Pattern.compile("[\\s().-]");
    /** Longest agent_id as sent (the check below allows 12 digits; this bounds what an error echoes). */
    public static final int MAX_AGENT_ID = 32;
    /** Longest customer_phone as written (with spaces, dashes, brackets), customer_id and customer_name. */
    public static final int MAX_PHONE_AS_WRITTEN = 64;
    public static final int MAX_CUSTOMER_ID = 200;
    public static final int MAX_CUSTOMER_NAME = 200;

    public DialRequest validated() {
        List<FieldError> errors = new ArrayList<>();
        String agent = Fields.required("agent_id", agentId, MAX_AGENT_ID, errors);
        if (agent != null && !AGENT_ID.matcher(agent).matches()) {
            errors.add(new FieldError("agent_id", "must be the agent's numeric extension, got '" + agent + "'"));
        }
        String phone = Fields.required("customer_phone", customerPhone, MAX_PHONE_AS_WRITTEN, errors);
        if (phone != null) {
            phone = PHONE_DECORATION.matcher(phone).replaceAll("");
            if (!PHONE.matcher(phone).matches()) {
                errors.add(new FieldError("customer_phone",
                        "must be 5 to 20 digits with an optional leading +, got '" + customerPhone.strip() + "'"));
            }
        }
        String id = Fields.optional("customer_id", customerId, MAX_CUSTOMER_ID, errors);
        String name = Fields.optional("customer_name", customerName, MAX_CUSTOMER_NAME, errors);
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors);
        }
        return new DialRequest(agent, phone, id, name);
    }
}
