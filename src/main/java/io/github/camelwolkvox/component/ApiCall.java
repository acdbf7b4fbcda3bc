package io.github.camelwolkvox.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.component.model.ActivityCodeKey;
import io.github.camelwolkvox.component.model.Agent;
import io.github.camelwolkvox.component.model.Campaign;
import io.github.camelwolkvox.component.model.CampaignUpload;
import io.github.camelwolkvox.component.model.Skill;
import io.github.camelwolkvox.component.model.TokenInfo;
import io.github.camelwolkvox.component.model.WolkvoxResponse;

/**
 * The operations beyond the first five: {@code wolkvox:call} (any catalogue API) and the newer typed
 * operations. Builds the validated request before the token is touched, splits it where the vendor
 * limits one call (date windows, upload chunks), sends the parts one after another through the
 * producer's one guarded path, and joins the answers. A redelivery of the exchange continues after the
 * last part that succeeded: a chunk of records already added is never sent twice.
 */
final class ApiCall {

    private static final Set<WolkvoxOperation> HANDLED = EnumSet.of(WolkvoxOperation.call,
            WolkvoxOperation.editActivityCode, WolkvoxOperation.removeActivityCode, WolkvoxOperation.activityCodes,
            WolkvoxOperation.agents, WolkvoxOperation.skills, WolkvoxOperation.campaigns, WolkvoxOperation.tokenInfo,
            WolkvoxOperation.addCampaignRecords);
    /** Exchange property: the parts of this endpoint's call already done, for a redelivery to skip. */
    static final String PROGRESS = "CamelWolkvoxCallProgress";

    private final WolkvoxProducer producer;
    private final WolkvoxEndpoint endpoint;
    private final WolkvoxApi api;
    private final WolkvoxCallConfiguration options;
    private final ObjectMapper mapper;
    /** Field names of the API's records (add_record), from the catalogue. */
    private final Set<String> recordFields;

    ApiCall(WolkvoxProducer producer, WolkvoxEndpoint endpoint, ObjectMapper mapper) {
        this.producer = producer;
        this.endpoint = endpoint;
        this.api = endpoint.getApi();
        this.options = endpoint.getCallConfiguration();
        this.mapper = mapper;
        this.recordFields = WolkvoxCatalogue.shipped().find(api.file(), api.api())
                .map(WolkvoxCatalogue.Entry::bodyFields).orElse(Set.of());
    }

    static boolean handles(WolkvoxOperation operation) {
        return HANDLED.contains(operation);
    }

    void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        Map<String, List<String>> query = query(in);
        JsonNode body = body(in, query);
        List<Part> parts = parts(query, body);
        String outputFile = in.getHeader(WolkvoxConstants.OUTPUT_FILE, options.getOutputFile(), String.class);
        if (outputFile != null && !outputFile.isBlank()) {
            streamToFile(exchange, parts, Path.of(outputFile.strip()));
            return;
        }
        Progress progress = progress(exchange, parts);
        for (int i = progress.done; i < parts.size(); i++) {
            Part part = parts.get(i);
            try {
                progress.add(producer.send(exchange, part.query(), part.json(), producer::readEnvelope));
            } catch (WolkvoxApiException e) {
                // what was done stays known when the call finally fails: the chunks already added
                exchange.getMessage().setHeader(WolkvoxConstants.CALLS_DONE, progress.done);
                exchange.getMessage().setHeader(WolkvoxConstants.CALLS, parts.size());
                throw e;
            }
        }
        exchange.removeProperty(PROGRESS);
        Message out = exchange.getMessage();
        out.setHeader(WolkvoxConstants.CODE, progress.code);
        out.setHeader(WolkvoxConstants.MESSAGE, progress.msg);
        out.setHeader(WolkvoxConstants.CALLS, parts.size());
        out.setBody(result(progress));
    }

    private void streamToFile(Exchange exchange, List<Part> parts, Path target) throws Exception {
        try (StreamedData file = new StreamedData(mapper, target)) {
            JsonNode last = null;
            for (Part part : parts) {
                last = producer.sendUncached(exchange, part.query(), part.json(), (status, answer) -> {
                    ObjectNode envelope = file.append(answer.getBody(InputStream.class));
                    return producer.envelopeReader().read(api, status, envelope == null ? null : envelope.toString());
                });
            }
            long records = file.finish();
            Message out = exchange.getMessage();
            out.setHeader(WolkvoxConstants.CODE, last.get("code").asText());
            out.setHeader(WolkvoxConstants.MESSAGE, last.path("msg").asText(null));
            out.setHeader(WolkvoxConstants.CALLS, parts.size());
            out.setHeader(WolkvoxConstants.RECORD_COUNT, records);
            out.setBody(new File(file.target().toString()));
        }
    }

    /** The endpoint's query.* options, then the CamelWolkvoxQuery header's entries (which win). */
    private Map<String, List<String>> query(Message in) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        options.getQuery().forEach((k, v) -> query.put(k, values(v)));
        Map<?, ?> extra = in.getHeader(WolkvoxConstants.QUERY, Map.class);
        if (extra != null) {
            extra.forEach((k, v) -> query.put(String.valueOf(k), values(v)));
        }
        query.remove("api");
        return query;
    }

    private static List<String> values(Object v) {
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of("") : List.of(String.valueOf(v));
    }

    /** The JSON body the API takes, validated for the typed operations; null when it takes none. */
    private JsonNode body(Message in, Map<String, List<String>> query) {
        return switch (api.operation()) {
            case editActivityCode -> mapper.valueToTree(WolkvoxProducer.input(in, ActivityCode.class).validated());
            case removeActivityCode -> mapper.valueToTree(WolkvoxProducer.input(in, ActivityCodeKey.class).validated());
            case addCampaignRecords -> campaignRecords(in, query);
            case call -> sendsBody() ? anyBody(in) : null;
            default -> null;
        };
    }

    private boolean sendsBody() {
        return !"GET".equals(api.httpMethod());
    }

    /** Map, list, record, or JSON text as JSON. */
    private JsonNode anyBody(Message in) {
        Object body = in.getBody();
        if (body == null) {
            return null;
        }
        try {
            if (body instanceof String || body instanceof byte[] || body instanceof InputStream) {
                String text = in.getBody(String.class);
                return text.isBlank() ? null : mapper.readTree(text);
            }
            return mapper.valueToTree(body);
        } catch (Exception e) {
            throw new WolkvoxValidationException(List.of(new FieldError("body", "is not JSON, a Map, a list or a record: "
                    + e.getMessage())));
        }
    }

    /**
     * add_record: a CampaignUpload, or a list of records with type_campaign and campaign_id in the
     * query (options or header). The campaign goes into the query; the records are the body.
     */
    private JsonNode campaignRecords(Message in, Map<String, List<String>> query) {
        Object body = in.getBody();
        CampaignUpload upload;
        if (body instanceof CampaignUpload u) {
            upload = u;
        } else if (body instanceof List<?> list) {
            List<Map<String, String>> records = mapper.convertValue(list,
                    mapper.getTypeFactory().constructCollectionType(List.class,
                            mapper.getTypeFactory().constructMapType(Map.class, String.class, String.class)));
            upload = new CampaignUpload(first(query, "type_campaign"), first(query, "campaign_id"),
                    first(query, "campaign_status"), records);
        } else {
            upload = WolkvoxProducer.input(in, CampaignUpload.class);
        }
        CampaignUpload valid = upload.validated(recordFields);
        query.put("type_campaign", List.of(valid.typeCampaign()));
        query.put("campaign_id", List.of(valid.campaignId()));
        if (valid.campaignStatus() != null) {
            query.put("campaign_status", List.of(valid.campaignStatus()));
        }
        return mapper.valueToTree(valid.records());
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** One call per date window (GET reports), per chunk of records (a list body), or just one. */
    private List<Part> parts(Map<String, List<String>> query, JsonNode body) throws Exception {
        List<Part> parts = new ArrayList<>();
        if ("GET".equals(api.httpMethod())) {
            for (Map<String, List<String>> window : DateWindows.split(query, options.getMaxDaysPerCall())) {
                parts.add(new Part(queryString(window), null));
            }
            return parts;
        }
        String q = queryString(query);
        int max = Math.max(1, options.getMaxRecordsPerCall());
        if (body instanceof ArrayNode records && records.size() > max) {
            for (int from = 0; from < records.size(); from += max) {
                ArrayNode chunk = mapper.createArrayNode();
                for (int i = from; i < Math.min(records.size(), from + max); i++) {
                    chunk.add(records.get(i));
                }
                parts.add(new Part(q, mapper.writeValueAsString(chunk)));
            }
            return parts;
        }
        parts.add(new Part(q, body == null ? null : mapper.writeValueAsString(body)));
        return parts;
    }

    private String queryString(Map<String, List<String>> query) {
        StringJoiner q = new StringJoiner("&");
        q.add("api=" + WolkvoxProducer.encode(api.api()));
        query.forEach((k, vs) -> vs.forEach(v -> q.add(WolkvoxProducer.encode(k) + "=" + WolkvoxProducer.encode(v))));
        return q.toString();
    }

    /** The typed result of the typed operations; for call the data as a List (lists of several parts joined) or a Map. */
    private Object result(Progress p) {
        ArrayNode data = p.data;
        return switch (api.operation()) {
            case activityCodes -> producer.list(data, ActivityCode.class);
            case agents -> producer.list(data, Agent.class);
            case skills -> producer.list(data, Skill.class);
            case campaigns -> producer.list(data, Campaign.class);
            case tokenInfo -> data.isEmpty() ? null : mapper.convertValue(data.get(0), TokenInfo.class);
            case editActivityCode, removeActivityCode, addCampaignRecords -> new WolkvoxResponse(Integer.parseInt(p.code), p.msg);
            default -> p.anyList || data.size() > 1 ? mapper.convertValue(data, List.class)
                    : data.isEmpty() ? null : mapper.convertValue(data.get(0), Object.class);
        };
    }

    /** The progress of this very request (same endpoint, same parts) on an earlier delivery, or a new one. */
    private Progress progress(Exchange exchange, List<Part> parts) {
        Progress p = exchange.getProperty(PROGRESS, Progress.class);
        if (p != null && p.endpointUri.equals(endpoint.getEndpointUri()) && p.parts.equals(parts)) {
            return p;
        }
        p = new Progress(endpoint.getEndpointUri(), parts, mapper.createArrayNode());
        exchange.setProperty(PROGRESS, p);
        return p;
    }

    private record Part(String query, String json) {
    }

    /** Parts done so far, their data joined, and the last envelope's code and msg. */
    private static final class Progress {
        final String endpointUri;
        final List<Part> parts;
        final ArrayNode data;
        int done;
        boolean anyList;
        String code;
        String msg;

        Progress(String endpointUri, List<Part> parts, ArrayNode data) {
            this.endpointUri = endpointUri;
            this.parts = parts;
            this.data = data;
        }

        void add(JsonNode envelope) {
            JsonNode d = envelope.get("data");
            if (d != null && d.isArray()) {
                anyList = true;
                data.addAll((ArrayNode) d);
            } else if (d != null && !d.isNull()) {
                data.add(d);
            }
            code = envelope.get("code").asText();
            msg = envelope.path("msg").asText(null);
            done++;
        }
    }
}
