package flox.connector.binance.internal.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signatures against the verified vectors of Binance's spot API docs (testdata/binance/docs/
 * signature-vectors.json: HMAC over REST and WebSocket API payloads, ASCII and not; Ed25519 over
 * the FIX logon example), and Ed25519 with a generated key, checked with its public key.
 */
class RequestSignerTest {
    static JsonNode vectors() throws Exception {
        Path file = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "docs", "signature-vectors.json");
        return new ObjectMapper().readTree(file.toFile()).get("vectors");
    }

    static JsonNode vector(String id) throws Exception {
        for (JsonNode v : vectors()) if (v.get("id").asText().equals(id)) return v;
        throw new AssertionError("no vector " + id);
    }

    static String sign(RequestSigner signer, byte[] payload, int length) {
        byte[] out = new byte[RequestSigner.MAX_SIGNATURE_LENGTH];
        int n = signer.sign(payload, 0, length, out, 0);
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldReproduceEveryVerifiedHmacVector() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode v : vectors()) {
            if (!v.get("verified").asBoolean() || !v.get("algorithm").asText().equals("HMAC-SHA256")) continue;
            RequestSigner signer = RequestSigner.hmacSha256(v.get("secret_key").asText().toCharArray());
            byte[] payload = v.get("payload").asText().getBytes(StandardCharsets.UTF_8);
            assertEquals(v.get("signature").asText().toLowerCase(), sign(signer, payload, payload.length), v.get("id").asText());
            assertEquals(v.get("signature").asText().toLowerCase(), sign(signer, payload, payload.length), "the signer is reusable");
            checked.add(v.get("id").asText());
        }
        assertEquals(List.of("rest-hmac-ascii", "rest-hmac-nonascii", "wsapi-hmac-stepbystep-ascii", "wsapi-hmac-stepbystep-nonascii"), checked);
    }

    @Test
    void shouldWriteTheWebSocketApiPayloadSortedByNameAsTheDocsSignIt() throws Exception {
        for (String id : List.of("wsapi-hmac-stepbystep-ascii", "wsapi-hmac-stepbystep-nonascii")) {
            JsonNode v = vector(id);
            SignedParams params = new SignedParams();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.get("request").get("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("signature")) continue;
                if (e.getValue().isNumber()) params.number(e.getKey(), e.getValue().asLong());
                else params.text(e.getKey(), e.getValue().asText());
            }
            byte[] out = new byte[1024];
            int n = params.writeSigningPayload(out, 0);
            assertEquals(v.get("payload").asText(), new String(out, 0, n, StandardCharsets.UTF_8), id);
            RequestSigner signer = RequestSigner.hmacSha256(v.get("secret_key").asText().toCharArray());
            assertEquals(v.get("request").get("params").get("signature").asText(), sign(signer, out, n), id);
        }
    }

    @Test
    void shouldPercentEncodeARestQueryAsTheDocsSignIt() throws Exception {
        JsonNode v = vector("rest-hmac-nonascii");
        SignedParams params = new SignedParams().text("symbol", "１２３４５６").text("side", "BUY").text("type", "LIMIT").text("timeInForce", "GTC")
                .decimal("quantity", 1, 0).decimal("price", 1, 1).number("recvWindow", 5000).number("timestamp", 1499827319559L);
        byte[] out = new byte[1024];
        int n = params.writeQuery(out, 0);
        assertEquals(v.get("payload").asText(), new String(out, 0, n, StandardCharsets.US_ASCII));
        assertEquals(v.get("signature").asText(), sign(RequestSigner.hmacSha256(v.get("secret_key").asText().toCharArray()), out, n));
    }

    @Test
    void shouldReproduceTheVerifiedEd25519VectorFromItsPemKey() throws Exception {
        JsonNode v = vector("fix-logon-ed25519");
        assertTrue(v.get("verified").asBoolean());
        RequestSigner signer = RequestSigner.ed25519(v.get("private_key_pem").asText().toCharArray());
        byte[] payload = v.get("payload").asText().getBytes(StandardCharsets.US_ASCII);
        assertEquals(v.get("signature").asText(), sign(signer, payload, payload.length), "Ed25519 is deterministic");
        assertEquals("ED25519", signer.keyType());
    }

    @Test
    void shouldSignAWebSocketApiPayloadWithAGeneratedEd25519KeyThatItsPublicKeyVerifies() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        RequestSigner signer = RequestSigner.ed25519(pem.toCharArray());
        SignedParams params = new SignedParams().text("symbol", "BTCUSDT").text("side", "SELL").text("type", "LIMIT").text("timeInForce", "GTC")
                .decimal("quantity", 1_000_000, 8).decimal("price", 5_200_000, 2).text("apiKey", "k").number("timestamp", 1645423376532L);
        byte[] out = new byte[1024];
        int n = params.writeSigningPayload(out, 0);
        assertEquals("apiKey=k&price=52000.00&quantity=0.01000000&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT",
                new String(out, 0, n, StandardCharsets.UTF_8));
        String signature = sign(signer, out, n);
        Signature verify = Signature.getInstance("Ed25519");
        verify.initVerify(pair.getPublic());
        verify.update(out, 0, n);
        assertTrue(verify.verify(Base64.getDecoder().decode(signature)));
        out[0] = 'A'; // one byte changed: the signature no longer holds
        verify.update(out, 0, n);
        assertFalse(verify.verify(Base64.getDecoder().decode(signature)));
    }

    @Test
    void shouldAgreeWithTheJdksMacForKeysOfEveryLengthAndPayloads() throws Exception {
        java.util.Random random = new java.util.Random(42);
        for (int keyLength : new int[] {1, 32, 63, 64, 65, 100, 200}) {
            char[] key = new char[keyLength];
            for (int i = 0; i < keyLength; i++) key[i] = (char) ('!' + random.nextInt(90));
            RequestSigner signer = RequestSigner.hmacSha256(key);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(new String(key).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (int n : new int[] {0, 1, 55, 64, 1000}) {
                byte[] payload = new byte[n];
                random.nextBytes(payload);
                StringBuilder hex = new StringBuilder();
                for (byte b : mac.doFinal(payload)) hex.append(String.format("%02x", b));
                assertEquals(hex.toString(), sign(signer, payload, n), "key " + keyLength + " payload " + n);
            }
        }
    }

    @Test
    void shouldSignWithHmacWithoutAllocating() throws Exception {
        RequestSigner signer = RequestSigner.hmacSha256("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j".toCharArray());
        byte[] payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[RequestSigner.MAX_SIGNATURE_LENGTH];
        long bytes = flox.connector.binance.internal.Allocation.leastPerRound(() -> {
            for (int i = 0; i < 20_000; i++) signer.sign(payload, 0, payload.length, out, 0);
        }, 20, 1_024);
        assertTrue(bytes < 1_024, bytes + " bytes over 20,000 signatures in the least of 20 rounds");
    }

    @Test
    void shouldRefuseANonEd25519KeyWithoutShowingIt() {
        String notAKey = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ1dC1ub3QtYS1rZXk=\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RequestSigner.ed25519(notAKey.toCharArray()));
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestSigner.ed25519("NhqPtmdSJYdK".toCharArray()));
    }

    @Test
    void shouldWriteTheJsonParamsWithTheSignatureLastAndTextEscaped() {
        SignedParams params = new SignedParams().text("symbol", "BTC\"USDT").number("timestamp", 5).decimal("price", -150, 2).bool("flag", true);
        byte[] sig = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[256];
        int n = params.writeJson(out, 0, sig, sig.length);
        assertEquals("{\"symbol\":\"BTC\\\"USDT\",\"timestamp\":5,\"price\":\"-1.50\",\"flag\":true,\"signature\":\"abc\"}",
                new String(out, 0, n, StandardCharsets.UTF_8));
    }
}
