package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One campaign of {@code information.php?api=campaigns}; type_campaign is predictive or preview, status Started or Stopped. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Campaign(
        @JsonProperty("campaign_id") String campaignId,
        @JsonProperty("campaign_name") String campaignName,
        @JsonProperty("campaign_description") String description,
        @JsonProperty("type_campaign") String typeCampaign,
        @JsonProperty("status") String status,
        @JsonProperty("records") String records,
        @JsonProperty("speed") String speed,
        @JsonProperty("dial_mode") String dialMode,
        @JsonProperty("last_use") String lastUse) {
}
