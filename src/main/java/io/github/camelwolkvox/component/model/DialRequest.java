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

    public DialRequest validated() {
        List<FieldError> errors = new ArrayList<>();
        String agent = Fields.required("agent_id", agentId, errors);
        if (agent != null && !AGENT_ID.matcher(agent).matches()) {
            errors.add(new FieldError("agent_id", "must be the agent's numeric extension, got '" + agent + "'"));
        }
        String phone = Fields.required("customer_phone", customerPhone, errors);
        if (phone != null) {
            phone = PHONE_DECORATION.matcher(phone).replaceAll("");
            if (!PHONE.matcher(phone).matches()) {
                errors.add(new FieldError("customer_phone",
                        "must be 5 to 20 digits with an optional leading +, got '" + customerPhone.strip() + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors);
        }
        return new DialRequest(agent, phone, Fields.optional(customerId), Fields.optional(customerName));
    }
}
