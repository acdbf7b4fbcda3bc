package io.github.camelwolkvox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.camelwolkvox.component.WolkvoxCatalogue;

/**
 * The sandbox's answers for every catalogue API beyond the five it simulates in detail: envelopes
 * shaped like the vendor's, with fake data, and the vendor's limits enforced (a date range over 31
 * days, an upload over 10,000 records, an unknown api are refused as Wolkvox refuses them). A report
 * with date_ini/date_end answers one record per day of its range, so a test can see that windows
 * cover a range exactly. Every call is remembered (bounded) per file and api.
 */
public final class CatalogueResponder {

    static final String RANGE_TOO_LONG = "THE DATE RANGE CANNOT BE GREATER THAN 31 DAYS";
    static final String TOO_MANY_RECORDS = "THE NUMBER OF RECORDS CANNOT BE GREATER THAN 10000";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WolkvoxCatalogue catalogue = WolkvoxCatalogue.shipped();
    private final Map<String, List<SandboxCall>> calls = new LinkedHashMap<>();

    /** A status and a JSON envelope. */
    record Reply(int status, String body) {
    }

    /** The catalogue's method of the API, empty when Wolkvox does not have it. */
    Optional<String> method(String file, String api) {
        return catalogue.find(file, api).map(WolkvoxCatalogue.Entry::method);
    }

    Reply answer(String file, SandboxCall call) {
        WolkvoxCatalogue.Entry entry = catalogue.find(file, call.api()).orElse(null);
        if (entry == null) {
            return error(400, WolkvoxSandbox.UNKNOWN_API);
        }
        synchronized (calls) {
            List<SandboxCall> seen = calls.computeIfAbsent(file + "?" + call.api(), k -> new ArrayList<>());
            if (seen.size() >= WolkvoxSandbox.REMEMBERED) {
                seen.remove(0);
            }
            seen.add(call);
        }
        if ("GET".equals(entry.method())) {
            return list(entry, call);
        }
        return write(entry, call);
    }

    private Reply list(WolkvoxCatalogue.Entry entry, SandboxCall call) {
        String from = call.query().get("date_ini");
        String to = call.query().get("date_end");
        ArrayNode data = JSON.createArrayNode();
        if (from != null && to != null) {
            LocalDateTime start;
            LocalDateTime end;
            try {
                start = LocalDateTime.parse(from, DATE_TIME);
                end = LocalDateTime.parse(to, DATE_TIME);
            } catch (DateTimeParseException e) {
                return error(400, "date_ini and date_end must be YYYYMMDDhhmmss");
            }
            if (start.plusDays(31).minusSeconds(1).isBefore(end)) {
                return error(400, RANGE_TOO_LONG);
            }
            for (LocalDate day = start.toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
                ObjectNode row = row(entry, data.size() + 1);
                row.put("date", day.toString());
                data.add(row);
            }
        } else {
            for (int i = 1; i <= 3; i++) {
                data.add(row(entry, i));
            }
        }
        ObjectNode env = WolkvoxSandbox.envelope(200, data.size() + " records were found");
        if ("token_info".equals(entry.api())) {
            env.set("data", data.get(0));
        } else {
            env.set("data", data);
        }
        return new Reply(200, env.toString());
    }

    /** A record with plausible fields for the APIs integrators use most, generic ones for the rest. */
    private static ObjectNode row(WolkvoxCatalogue.Entry entry, int n) {
        ObjectNode row = JSON.createObjectNode();
        switch (entry.api()) {
            case "agents" -> row.put("agent_id", String.valueOf(1000 + n)).put("agent_name", "Agent " + n)
                    .put("agent_dni", "CC" + (70000 + n)).put("agent_status", n == 1 ? "ready" : "logout")
                    .put("last_use", "2026-11-20 10:0" + n + ":00").put("agent_sso", "agent" + n).put("enabled", "yes");
            case "skills" -> row.put("skill_id", String.valueOf(200 + n)).put("skill_name", "Skill " + n)
                    .put("description_skill", "Queue " + n).put("voicemail", "no").put("welcome_message", "no").put("vto", "no");
            case "campaigns" -> row.put("campaign_id", String.valueOf(300 + n)).put("campaign_name", "Campaign " + n)
                    .put("campaign_description", "Outbound " + n).put("type_campaign", n % 2 == 0 ? "preview" : "predictive")
                    .put("status", "Stopped").put("records", String.valueOf(100 * n)).put("speed", "1")
                    .put("dial_mode", "autopilot").put("last_use", "2026-11-19 08:00:00");
            case "activity_codes" -> row.put("code_act", String.valueOf(10 * n)).put("description_cod_act", "Code " + n)
                    .put("hit", "no").put("rpc", "no").put("chat", "yes").put("type_code", "cod_act1");
            case "token_info" -> row.put("description", "sandbox token").put("token_limit", "5000")
                    .put("token_use_today", "1").put("all_token_today", "1").put("available_consumption_options", "4999");
            default -> row.put("id", String.valueOf(n)).put("api", entry.api()).put("value", "sample " + n);
        }
        return row;
    }

    private Reply write(WolkvoxCatalogue.Entry entry, SandboxCall call) {
        JsonNode body = null;
        if (call.body() != null && !call.body().isBlank()) {
            try {
                body = JSON.readTree(call.body());
            } catch (IOException e) {
                return error(400, "The body is not valid JSON");
            }
        }
        if (entry.bodyIsList()) {
            if (body == null || !body.isArray() || body.isEmpty()) {
                return error(400, "SOME PARAMETERS ARE REQUIRED");
            }
            if (body.size() > 10_000) {
                return error(400, TOO_MANY_RECORDS);
            }
            return new Reply(200, WolkvoxSandbox.envelope(201, body.size() + " records were processed").toString());
        }
        if (!entry.bodyFields().isEmpty() && (body == null || !body.isObject())) {
            return error(400, "SOME PARAMETERS ARE REQUIRED");
        }
        int code = "POST".equals(entry.method()) ? 201 : 200;
        return new Reply(200, WolkvoxSandbox.envelope(code, "Successful operation").toString());
    }

    /** The calls of one API the sandbox saw, oldest first (a copy); file with or without .php. */
    public List<SandboxCall> calls(String file, String api) {
        synchronized (calls) {
            return List.copyOf(calls.getOrDefault(WolkvoxCatalogue.normaliseFile(file) + "?" + api, List.of()));
        }
    }

    private static Reply error(int status, String msg) {
        ObjectNode env = JSON.createObjectNode();
        env.put("code", status);
        env.put("error", msg);
        env.put("msg", msg);
        return new Reply(status, env.toString());
    }
}
