package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import flox.connector.binance.internal.sign.RequestSigner;
import flox.connector.binance.internal.sign.SignedParams;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connector's signer and the fake's verifier agree: requests signed by RequestSigner over SignedParams are accepted. */
@Timeout(60)
class ConnectorSigningTest {
    private static JsonNode placeSignedBy(FakeBinance fake, RequestSigner signer, String apiKey) throws Exception {
        SignedParams p = new SignedParams().text("symbol", "BTCUSDT").text("side", "BUY").text("type", "LIMIT").text("timeInForce", "GTC")
                .decimal("price", 5_000_000, 2).decimal("quantity", 100, 5).text("newClientOrderId", "signed-1")
                .text("apiKey", apiKey).number("recvWindow", 5000).number("timestamp", System.currentTimeMillis());
        byte[] payload = new byte[1024];
        int n = p.writeSigningPayload(payload, 0);
        byte[] sig = new byte[RequestSigner.MAX_SIGNATURE_LENGTH];
        int sl = signer.sign(payload, 0, n, sig, 0);
        byte[] json = new byte[2048];
        int jl = p.writeJson(json, 0, sig, sl);
        JsonNode params = TestSupport.json(new String(json, 0, jl, StandardCharsets.UTF_8));
        return ApiSession.connect(fake).callRaw("order.place", params);
    }

    @Test
    void shouldAcceptAnHmacRequestSignedByTheConnector() throws Exception {
        try (FakeBinance fake = FakeBinanceApiTest.start()) {
            JsonNode r = placeSignedBy(fake, RequestSigner.hmacSha256(FakeBinance.DOCS_SECRET_KEY.toCharArray()), FakeBinance.DOCS_API_KEY);
            assertEquals(200, r.get("status").asInt(), r::toString);
            assertEquals("50000.00000000", fake.order("signed-1").price().setScale(8).toPlainString());
        }
    }

    @Test
    void shouldAcceptAnEd25519RequestSignedByTheConnector() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String key = "K".repeat(64);
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .ed25519ApiKey(key, pair.getPublic()).start()) {
            JsonNode r = placeSignedBy(fake, RequestSigner.ed25519(pem.toCharArray()), key);
            assertEquals(200, r.get("status").asInt(), r::toString);
        }
    }
}
