package flox.connector.binance.internal.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs Binance requests as the spot API documents: HMAC-SHA256 written as lower-case hex, or
 * Ed25519 written as base64 (RSA keys are not supported). The payload is given as bytes
 * ({@link SignedParams} writes the WebSocket API's; a REST query string is signed as sent).
 *
 * <p>One instance per connection, used by that connection's sending thread only (the JDK's
 * MessageDigest and Signature are not thread-safe). HMAC signs into preallocated buffers with no
 * allocation; Ed25519 goes through the JDK's provider, which allocates inside {@code sign}. Built at activation from a secret
 * resolved through flox.api.secret, which the caller clears afterwards.
 */
public abstract class RequestSigner {
    /** Longest signature text: base64 of a 64-byte Ed25519 signature (88); HMAC hex is 64. */
    public static final int MAX_SIGNATURE_LENGTH = 88;

    private RequestSigner() {
    }

    /** "HMAC" or "ED25519", as configured. */
    public abstract String keyType();

    /**
     * Writes the signature of {@code payload[offset, offset + length)} as ASCII into {@code out}
     * at {@code outOffset}; returns its length (at most {@link #MAX_SIGNATURE_LENGTH}).
     *
     * @throws IllegalStateException when the JDK's provider fails (it does not for a key it accepted)
     */
    public abstract int sign(byte[] payload, int offset, int length, byte[] out, int outOffset);

    /**
     * An HMAC-SHA256 signer; {@code secretKey} is the API secret as Binance shows it (its UTF-8
     * bytes are the key). HMAC (RFC 2104) is computed over the JDK's SHA-256 with preallocated
     * pads and digest, because {@code javax.crypto.Mac.doFinal(byte[], int)} allocates its result
     * (48 B a request, measured); {@code RequestSignerTest} checks it against the docs' vectors and
     * against {@code Mac}.
     */
    public static RequestSigner hmacSha256(char[] secretKey) {
        byte[] key = utf8(secretKey);
        try {
            return new Hmac(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("SHA-256 is not available in this JDK: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * An Ed25519 signer from a PKCS#8 private key in PEM ("-----BEGIN PRIVATE KEY-----", as
     * Binance's key generator and openssl write it).
     *
     * @throws IllegalArgumentException when it is not an Ed25519 PKCS#8 PEM key (the message never contains the key)
     */
    public static RequestSigner ed25519(char[] pemPrivateKey) {
        byte[] der = pemBody(pemPrivateKey);
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            return new Ed25519(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 PEM (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] utf8(char[] chars) {
        java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
        return out;
    }

    private static final char[] BEGIN = "-----BEGIN PRIVATE KEY-----".toCharArray();
    private static final char[] END = "-----END PRIVATE KEY-----".toCharArray();

    /**
     * The base64 between the PEM armour lines, decoded; whitespace ignored. Works on the caller's
     * {@code char[]} and its own buffers, which it clears: no String ever holds the key.
     */
    private static byte[] pemBody(char[] pem) {
        int begin = indexOf(pem, BEGIN, 0);
        int end = begin < 0 ? -1 : indexOf(pem, END, begin + BEGIN.length);
        if (begin < 0 || end < 0) throw new IllegalArgumentException("not a PKCS#8 PEM private key (no BEGIN/END PRIVATE KEY lines)");
        byte[] ascii = new byte[end - begin];
        int n = 0;
        try {
            for (int i = begin + BEGIN.length; i < end; i++) {
                char c = pem[i];
                if (!Character.isWhitespace(c)) ascii[n++] = (byte) (c < 0x80 ? c : '?');
            }
            try {
                java.nio.ByteBuffer der = Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(ascii, 0, n));
                byte[] out = new byte[der.remaining()];
                der.get(out);
                if (der.hasArray()) Arrays.fill(der.array(), (byte) 0);
                return out;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the PEM private key's body is not base64");
            }
        } finally {
            Arrays.fill(ascii, (byte) 0);
        }
    }

    private static int indexOf(char[] text, char[] part, int from) {
        outer:
        for (int i = from; i <= text.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) if (text[i + j] != part[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static final class Hmac extends RequestSigner {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private static final int BLOCK = 64;
        private final MessageDigest inner;
        private final MessageDigest outer;
        private final byte[] innerPad = new byte[BLOCK];
        private final byte[] outerPad = new byte[BLOCK];
        private final byte[] digest = new byte[32];

        Hmac(byte[] key) throws GeneralSecurityException {
            inner = MessageDigest.getInstance("SHA-256");
            outer = MessageDigest.getInstance("SHA-256");
            byte[] k = key.length > BLOCK ? inner.digest(key) : key; // RFC 2104: a long key is hashed first
            for (int i = 0; i < BLOCK; i++) {
                byte b = i < k.length ? k[i] : 0;
                innerPad[i] = (byte) (b ^ 0x36);
                outerPad[i] = (byte) (b ^ 0x5c);
            }
            if (k != key) Arrays.fill(k, (byte) 0);
        }

        @Override
        public String keyType() {
            return "HMAC";
        }

        @Override
        public int sign(byte[] payload, int offset, int length, byte[] out, int outOffset) {
            try {
                inner.reset();
                inner.update(innerPad);
                inner.update(payload, offset, length);
                inner.digest(digest, 0, digest.length);
                outer.reset();
                outer.update(outerPad);
                outer.update(digest);
                outer.digest(digest, 0, digest.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e); // 32 bytes is SHA-256's length
            }
            for (int i = 0; i < digest.length; i++) {
                out[outOffset + 2 * i] = HEX[(digest[i] >> 4) & 0xF];
                out[outOffset + 2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return 2 * digest.length;
        }
    }

    private static final class Ed25519 extends RequestSigner {
        private final Signature signature;
        private final byte[] raw = new byte[64];
        private final byte[] text = new byte[MAX_SIGNATURE_LENGTH];

        Ed25519(Signature signature) {
            this.signature = signature;
        }

        @Override
        public String keyType() {
            return "ED25519";
        }

        @Override
        public int sign(byte[] payload, int offset, int length, byte[] out, int outOffset) {
            try {
                signature.update(payload, offset, length);
                int n = signature.sign(raw, 0, raw.length);
                if (n != raw.length) throw new IllegalStateException("Ed25519 signature of " + n + " bytes");
                int written = Base64.getEncoder().encode(raw, text);
                System.arraycopy(text, 0, out, outOffset, written);
                return written;
            } catch (SignatureException e) {
                throw new IllegalStateException("Ed25519 signing failed: " + e.getClass().getSimpleName());
            }
        }
    }

    /** For tests: an Ed25519 key the caller generated, as the JDK holds it. */
    static RequestSigner ed25519(PrivateKey key) throws InvalidKeyException, GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        return new Ed25519(signature);
    }
}
