// The audit chain's encoding against the test vectors of docs/FORMAT.md §8.2, and checkpoint notes (§8.4).
#include "audit/Chain.h"

#include <QTest>
#include <QTimeZone>
#include <sodium.h>

using namespace art32;
using namespace art32::audit;

namespace {

qint64 micros(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch() * 1000;
}

} // namespace

class TestAuditFormat : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(sodium_init() >= 0); }

    void vectorsOfFormatMd()
    {
        std::vector<Event> events(4);
        events[0].seq = 1;
        events[0].atMicros = micros("2026-12-02T09:00:00Z");
        events[0].actor = QStringLiteral("demo_cto");
        events[0].action = QStringLiteral("unlock.success");
        events[0].object = QStringLiteral("demo_cto");
        events[1].seq = 2;
        events[1].atMicros = micros("2026-12-02T09:00:01.500Z");
        events[1].actor = QStringLiteral("demo_cto");
        events[1].action = QStringLiteral("records.reveal");
        events[1].object = QStringLiteral("42");
        events[1].detail = QByteArrayLiteral("{\"why\": \"reveal\", \"records\": 3}");
        events[1].accountId = 42;
        events[2].seq = 3;
        events[2].atMicros = micros("2026-12-02T09:00:02.250Z");
        events[2].actor = QStringLiteral("platform");
        events[2].action = QStringLiteral("row.update");
        events[2].object = QStringLiteral("42");
        events[2].accountId = 42;
        events[2].tbl = QStringLiteral("accounts");
        events[2].rowKey = QStringLiteral("42");
        events[2].columns = QStringList { QStringLiteral("company_name"), QStringLiteral("version") };
        events[3].seq = 4;
        events[3].atMicros = micros("2026-12-02T09:00:02.250Z");
        events[3].actor = QStringLiteral("jan");
        events[3].action = QStringLiteral("row.insert");
        events[3].object = QStringLiteral("7,kek,1");
        events[3].detail = QStringLiteral("{\"naam\": \"Zo\u00eb\"}").toUtf8();
        events[3].tbl = QStringLiteral("sealed_keys");
        events[3].rowKey = QStringLiteral("7,kek,1");
        events[3].columns = QStringList {};
        const char* encodings[] = {
            "00000008000000000000000100000008000661a2de27a4000000000864656d6f5f63746f0000000e756e6c6f636b2e737563636573"
            "73"
            "0000000864656d6f5f63746f000000027b7dffffffffffffffffffffffffffffffff",
            "00000008000000000000000200000008000661a2de3e87600000000864656d6f5f63746f0000000e7265636f7264732e7265766561"
            "6c"
            "0000000234320000001f7b22776879223a202272657665616c222c20227265636f726473223a20337d00000008000000000000002a"
            "ff"
            "ffffffffffffffffffffff",
            "00000008000000000000000300000008000661a2de49f91000000008706c6174666f726d0000000a726f772e757064617465000000"
            "02"
            "3432000000027b7d00000008000000000000002a000000086163636f756e74730000000234320000001f000000020000000c636f6d"
            "70"
            "616e795f6e616d650000000776657273696f6e",
            "00000008000000000000000400000008000661a2de49f910000000036a616e0000000a726f772e696e7365727400000007372c6b65"
            "6b"
            "2c31000000107b226e61616d223a20225a6fc3ab227dffffffff0000000b7365616c65645f6b65797300000007372c6b656b2c3100"
            "00"
            "000400000000",
        };
        const char* hashes[] = {
            "d691c034b16a17d176f0f4ef15d11304704f81b9eae672fc36c42d49420b2728",
            "9e7408fca6b0e5764954d60bb44359e2a36ca602e6c28a22f294687e0cec6b81",
            "83f8f274bc6d86956213abf2ff1e3a105678e80bb03b7c8af0bcd09d22402fca",
            "7af942e87d09472a443e27045a55d63c350dee94087d43f1f1d807a61fbf62f9",
        };
        QByteArray prev = genesis();
        QCOMPARE(prev, QByteArray(32, '\0'));
        for (int i = 0; i < 4; ++i) {
            const QByteArray enc = encode(events[static_cast<std::size_t>(i)]);
            QCOMPARE(enc.toHex(), QByteArray(encodings[i]));
            prev = chainHash(prev, enc);
            QCOMPARE(prev.toHex(), QByteArray(hashes[i]));
        }
    }

    void anyChangeChangesTheHash()
    {
        Event e;
        e.seq = 9;
        e.actor = QStringLiteral("a");
        e.action = QStringLiteral("b");
        const QByteArray base = chainHash(genesis(), encode(e));
        Event moved = e;
        moved.object = QString(); // an empty object is not NULL
        QVERIFY(chainHash(genesis(), encode(moved)) != base);
        Event shifted = e; // "ab" + "" is not "a" + "b": lengths separate the fields
        shifted.actor = QStringLiteral("ab");
        shifted.action = QString();
        QVERIFY(encode(shifted) != encode(e));
        Event cols = e;
        cols.columns = QStringList {};
        QVERIFY(encode(cols) != encode(e)); // an empty list is not NULL
    }

    void checkpointNotesRoundTripAndRefuseTampering()
    {
        const SecureBytes key = newSigningKey();
        Checkpoint c;
        c.seq = 1234;
        c.hash = QByteArray::fromHex("83f8f274bc6d86956213abf2ff1e3a105678e80bb03b7c8af0bcd09d22402fca");
        c.at = QDateTime(QDate(2026, 12, 2), QTime(9, 0, 2, 250), QTimeZone::utc());
        c.signer = QStringLiteral("demo_cto");
        c.publicKey = publicKeyOf(key);
        QCOMPARE(c.publicKey.size(), kPublicKeyBytes);
        c.signature.resize(kSignatureBytes);
        const QByteArray body = signedText(c);
        QVERIFY(body.startsWith("art32 audit checkpoint v1\nseq 1234\nhash 83f8f274"));
        QVERIFY(body.contains("\ntime 2026-12-02T09:00:02.250Z\nsigner demo_cto\nkey "));
        crypto_sign_detached(reinterpret_cast<unsigned char*>(c.signature.data()), nullptr,
                             reinterpret_cast<const unsigned char*>(body.constData()),
                             static_cast<unsigned long long>(body.size()), key.data());
        const QByteArray note = noteText(c);
        auto parsed = parseNote(note);
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        QCOMPARE(parsed->seq, 1234LL);
        QCOMPARE(parsed->hash, c.hash);
        QCOMPARE(parsed->signer, c.signer);
        QCOMPARE(parsed->at, c.at);
        // Every byte of the signed lines matters.
        for (const QByteArray& tampered :
             { QByteArray(note).replace("seq 1234", "seq 1235"), QByteArray(note).replace("hash 83", "hash 93"),
               QByteArray(note).replace("signer demo_cto", "signer demo_ctx"),
               QByteArray(note).replace("T09:00:02", "T09:00:03"), QByteArray(note).replace("\n", "\r\n"),
               QByteArray("garbage"), QByteArray() }) {
            auto r = parseNote(tampered);
            QVERIFY2(!r, tampered.constData());
            QCOMPARE(r.error().code, QStringLiteral("audit.checkpoint_invalid"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAuditFormat)
#include "tst_auditformat.moc"
