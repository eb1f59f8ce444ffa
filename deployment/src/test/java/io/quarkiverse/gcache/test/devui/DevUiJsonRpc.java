package io.quarkiverse.gcache.test.devui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client of the Dev UI's JSON-RPC WebSocket that waits for each answer. Quarkus's {@code DevUIJsonRPCTest} opens a
 * connection per call and polls for the answer every 3 s, which made a test of some sixty calls take minutes.
 */
final class DevUiJsonRpc implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String namespace;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** @param baseUrl the application's URL, e.g. {@code http://localhost:8080} */
    DevUiJsonRpc(String baseUrl, String namespace) {
        this.namespace = namespace;
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/q/dev-ui/json-rpc-ws");
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Answers()).join();
    }

    /**
     * Calls {@code method} of the namespace and gives the answer's {@code result.object}; a JSON-RPC error is thrown as
     * an {@link IllegalStateException} with the error's text.
     */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode request = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id)
                .put("method", namespace + "_" + method);
        request.set("params", MAPPER.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(request.toString(), true).join();
        JsonNode response = answer.get(30, TimeUnit.SECONDS);
        if (response.hasNonNull("error")) {
            throw new IllegalStateException(response.get("error").toString());
        }
        return response.path("result").path("object");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /** Puts each answer together from its frames and hands it to the call waiting for its id. */
    private final class Answers implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = MAPPER.readTree(text.toString());
                    CompletableFuture<JsonNode> answer = message.has("id") ? pending.remove(message.get("id").asInt())
                            : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (Exception e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
