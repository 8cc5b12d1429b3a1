package flox.api.event;

import java.util.Arrays;

/**
 * An enum value kept as a byte in an event, so that copying the event into a long-lived bus slot
 * stores no reference (docs/ARCHITECTURE.md, "Slots store no references"): code 0 is null, code
 * {@code ordinal + 1} the value; {@link #table} maps codes back. Stateless; no allocation after
 * the tables are built (class initialization).
 */
final class EnumCodes {
    private EnumCodes() {
    }

    /** {@return the code of {@code value}: 0 for null, else its ordinal + 1} */
    static byte of(Enum<?> value) {
        return value == null ? 0 : (byte) (value.ordinal() + 1);
    }

    /** {@return the enum's values indexed by code: null at 0, {@code values[i]} at {@code i + 1}} */
    static <E extends Enum<E>> E[] table(E[] values) {
        E[] byCode = Arrays.copyOf(values, values.length + 1); // the enum's array type, one longer
        System.arraycopy(values, 0, byCode, 1, values.length);
        byCode[0] = null;
        return byCode;
    }
}
