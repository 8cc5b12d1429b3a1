package flox.connector.fix.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MaskedLogTest {
    @Test
    void shouldMaskLogonCredentialsInMessagesAndEvents() {
        assertEquals("8=FIX.4.4\u000135=A\u0001553=***\u0001554=***\u000196=***\u000198=0\u000110=118\u0001",
                MaskedLog.mask("8=FIX.4.4\u000135=A\u0001553=MUREX.Treasurer1\u0001554=murextest\u000196=m:1585068238067\u000198=0\u000110=118\u0001"));
        assertEquals("Rejecting invalid message: (8=FIX.4.4|35=A|553=***|554=***|10=000|)",
                MaskedLog.mask("Rejecting invalid message: (8=FIX.4.4|35=A|553=u|554=p|10=000|)"));
        assertEquals("553=***", MaskedLog.mask("553=secret"));
    }

    @Test
    void shouldLeaveOtherFieldsAndTextAlone() {
        String s = "8=FIX.4.4\u000135=D\u00011553=x\u000111=A554=b\u000158=no 554=here\u0001";
        assertEquals("8=FIX.4.4\u000135=D\u00011553=x\u000111=A554=b\u000158=no 554=***\u0001", MaskedLog.mask(s),
                "a tag is masked where a field or a word starts; 1553 and a value containing 554= are not fields");
        String plain = "Received logon";
        assertSame(plain, MaskedLog.mask(plain));
    }
}
