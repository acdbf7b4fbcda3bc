package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/**
 * Input of {@code campaign.php?api=add_record}: records added to a campaign. Each record maps the
 * vendor's field names (customer_id, customer_name, tel1..tel10, opt1..opt12, email, ...) to values;
 * {@code campaignStatus} is optional. Sent in chunks of at most 10,000 records.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CampaignUpload(
        @JsonProperty("type_campaign") String typeCampaign,
        @JsonProperty("campaign_id") String campaignId,
        @JsonProperty("campaign_status") String campaignStatus,
        @JsonProperty("records") List<Map<String, String>> records) {

    private static final Set<String> TYPES = Set.of("predictive", "preview");

    /**
     * Trims values, drops empty ones, and names every bad field: type and id of the campaign, a field
     * name the vendor does not take, a record without any telephone.
     */
    public CampaignUpload validated(Set<String> recordFields) {
        List<FieldError> errors = new ArrayList<>();
        String type = Fields.required("type_campaign", typeCampaign, errors);
        if (type != null && !TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError("type_campaign", "must be predictive or preview, got '" + type + "'"));
        }
        String id = Fields.required("campaign_id", campaignId, errors);
        List<Map<String, String>> clean = new ArrayList<>();
        if (records == null || records.isEmpty()) {
            errors.add(new FieldError("records", "at least one record is required"));
        } else {
            for (int i = 0; i < records.size(); i++) {
                clean.add(record(i, records.get(i), recordFields, errors));
            }
        }
        if (!errors.isEmpty()) {
            throw new WolkvoxValidationException(errors.size() > 20 ? errors.subList(0, 20) : errors);
        }
        return new CampaignUpload(type.toLowerCase(Locale.ROOT), id, Fields.optional(campaignStatus), clean);
    }

    private static Map<String, String> record(int index, Map<String, String> record, Set<String> known, List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        String at = "records[" + index + "]";
        if (record == null) {
            errors.add(new FieldError(at, "is empty"));
            return out;
        }
        record.forEach((k, v) -> {
            String name = k == null ? "" : k.strip().toLowerCase(Locale.ROOT);
            if (!known.contains(name)) {
                errors.add(new FieldError(at + "." + k, "is not a field of add_record"));
            } else if (Fields.optional(v) != null) {
                out.put(name, v.strip());
            }
        });
        if (out.keySet().stream().noneMatch(n -> n.startsWith("tel"))) {
            errors.add(new FieldError(at, "needs a telephone (tel1..tel10)"));
        }
        return out;
    }
}
