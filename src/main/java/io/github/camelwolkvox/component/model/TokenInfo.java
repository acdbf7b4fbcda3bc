package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The token's daily quota from {@code information.php?api=token_info} (the call itself costs one). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenInfo(
        @JsonProperty("description") String description,
        @JsonProperty("token_limit") String tokenLimit,
        @JsonProperty("token_use_today") String tokenUseToday,
        @JsonProperty("all_token_today") String allTokenToday,
        @JsonProperty("available_consumption_options") String available) {
}
