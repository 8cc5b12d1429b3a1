package flox.connector.binance.internal.fuzz;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state a long-lived fuzz target keeps: everything reachable from it through instance fields,
 * in approximate bytes (16 per object header, 8 per reference, a primitive's own size; arrays by
 * length; JDK collections and Strings through their public API), by the first two field names of
 * the path that reached it ("session.decoder"), so that a growing figure names what grows. Jackson's
 * field-name tables ({@code ByteQuadsCanonicalizer}, {@code CharsToNameCanonicalizer}) are summed
 * apart: they legitimately keep up to tens of thousands of names whatever the input (Jackson
 * empties a table that outgrows its limit), so they have their own bound. Classes, enum
 * constants, threads and the referents of {@code java.lang.ref} references are not counted. For
 * tests and the fuzz drivers only (reflection; a few milliseconds per call).
 */
final class Retained {
    /** The name of the part holding Jackson's field-name tables. */
    static final String SYMBOL_TABLES = "(jackson field-name tables)";

    final long total;
    /** Bytes of Jackson's field-name tables (included in {@link #total}). */
    final long symbolTables;
    /** Bytes by part (the first two fields of the path), largest first when printed. */
    final Map<String, Long> parts;

    private Retained(long total, long symbolTables, Map<String, Long> parts) {
        this.total = total;
        this.symbolTables = symbolTables;
        this.parts = parts;
    }

    /** Everything but Jackson's field-name tables. */
    long own() {
        return total - symbolTables;
    }

    /** What {@code roots} keep: name, object, name, object... (a name is the first field of its parts' names). */
    static Retained of(Object... roots) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> todo = new ArrayDeque<>(); // {object, part, depth}
        Map<String, Long> parts = new TreeMap<>();
        long total = 0;
        long symbols = 0;
        for (int i = roots.length - 2; i >= 0; i -= 2) todo.push(new Object[] {roots[i + 1], roots[i], 1});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Object o = next[0];
            if (o == null || seen.put(o, Boolean.TRUE) != null || skipped(o)) continue;
            String part = (String) next[1];
            int depth = (Integer) next[2];
            if (isSymbolTable(o)) part = SYMBOL_TABLES;
            List<Object[]> children = new ArrayList<>();
            long size = shallow(o, part, depth, children);
            total += size;
            if (part == SYMBOL_TABLES) symbols += size;
            parts.merge(part.isEmpty() ? "(root)" : part, size, Long::sum);
            for (Object[] c : children) todo.push(c);
        }
        return new Retained(total, symbols, parts);
    }

    private static boolean skipped(Object o) {
        return o instanceof Class || o instanceof Enum || o instanceof Thread || o instanceof ClassLoader || o instanceof Module
                || o instanceof java.lang.reflect.Member;
    }

    private static boolean isSymbolTable(Object o) {
        String n = o.getClass().getName();
        return n.equals("com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer") || n.equals("com.fasterxml.jackson.core.sym.CharsToNameCanonicalizer");
    }

    private static String child(String part, int depth, String field) {
        if (part == SYMBOL_TABLES || depth >= 2) return part;
        return part.isEmpty() ? field : part + "." + field;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private static long shallow(Object o, String part, int depth, List<Object[]> children) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            int n = Array.getLength(o);
            Class<?> e = c.getComponentType();
            if (!e.isPrimitive()) {
                for (int i = 0; i < n; i++) children.add(new Object[] {Array.get(o, i), part, depth});
            }
            return align(16 + (long) n * primitiveSize(e));
        }
        if (o instanceof String) return align(24) + align(16 + ((String) o).length());
        if (o instanceof java.lang.ref.Reference) return 32; // the referent is not kept by it
        if (o instanceof Collection && c.getName().startsWith("java.")) {
            Collection<?> coll = (Collection<?>) o;
            for (Object e : coll) children.add(new Object[] {e, part, depth});
            return align(32 + 8L * coll.size());
        }
        if (o instanceof Map && c.getName().startsWith("java.")) {
            Map<?, ?> map = (Map<?, ?>) o;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                children.add(new Object[] {e.getKey(), part, depth});
                children.add(new Object[] {e.getValue(), part, depth});
            }
            return align(48 + 40L * map.size());
        }
        if (c.getName().startsWith("java.") || c.getName().startsWith("jdk.") || c.getName().startsWith("sun.")) return 16; // opaque, fixed
        long size = 16;
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                Class<?> t = f.getType();
                size += primitiveSize(t);
                if (t.isPrimitive()) continue;
                try {
                    f.setAccessible(true);
                    children.add(new Object[] {f.get(o), child(part, depth, f.getName()), depth + 1});
                } catch (RuntimeException | IllegalAccessException e) {
                    // not readable (a module's private class): counted as its reference only
                }
            }
        }
        return align(size);
    }

    private static int primitiveSize(Class<?> t) {
        if (t == long.class || t == double.class) return 8;
        if (t == int.class || t == float.class) return 4;
        if (t == short.class || t == char.class) return 2;
        if (t == byte.class || t == boolean.class) return 1;
        return 8;
    }

    /** "1.2 MB in total: session.books 800 kB, ..." (the parts of at least 1 kB, largest first). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kb(total) + " in total, " + kb(symbolTables) + " of it Jackson's field-name tables:");
        parts.entrySet().stream().filter(e -> e.getValue() >= 1024).sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(' ').append(e.getKey()).append(' ').append(kb(e.getValue())).append(','));
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** The parts that grew from {@code before} to this, by how much ("session.syncs +12 kB"). */
    String growthSince(Retained before) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : parts.entrySet()) {
            long was = before.parts.getOrDefault(e.getKey(), 0L);
            if (e.getValue() > was) sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(" +").append(e.getValue() - was).append(" B");
        }
        return sb.length() == 0 ? "nothing grew" : sb.toString();
    }

    private static String kb(long bytes) {
        return bytes < 10_240 ? bytes + " B" : (bytes >> 10) + " kB";
    }
}
