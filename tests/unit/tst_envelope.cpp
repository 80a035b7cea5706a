#include "records/Envelope.h"

#include <QSet>
#include <QTest>
#include <sodium.h>

using namespace art32;

/**
 * The envelope of docs/FORMAT.md: the published test vectors, an independent construction from the spec's
 * byte layout, and every tampering and swapping the format must refuse.
 */
class TestEnvelope : public QObject
{
    Q_OBJECT

    static SecureBytes key(unsigned char first)
    {
        SecureBytes k(32);
        for (int i = 0; i < 32; ++i)
            k.data()[i] = static_cast<unsigned char>(first + i);
        return k;
    }

    static QByteArray nonce()
    {
        QByteArray n(24, Qt::Uninitialized);
        for (int i = 0; i < 24; ++i)
            n[i] = static_cast<char>(0x40 + i);
        return n;
    }

    static const unsigned char* nonceBytes()
    {
        static const QByteArray n = nonce();
        return reinterpret_cast<const unsigned char*>(n.constData());
    }

    // The vectors of docs/FORMAT.md §5.
    static constexpr const char* kRecordVector = "0100000001404142434445464748494a4b4c4d4e4f5051525354555657be586b5eba8"
                                                 "11765ea9ac7dbd7fd08e2fedf83aa7f5f883ef2182a66c2264a730be4fb19f9";
    static constexpr const char* kDekVector
        = "0100000003404142434445464748494a4b4c4d4e4f5051525354555657f10d71f75ff5f25df31b7dd8faa3935a2256607d11518afbd2"
          "a3ef175e4813d772df28ec6561510078877246dee5325a";
    static constexpr const char* kIndexVector = "3ac90850aad3442a034dbe0c78fce8e6";

private slots:
    void recordVector()
    {
        const QByteArray env = envelope::sealRecord(key(0x00), 1, 42, 7, RecordKind::Email,
                                                    QByteArrayLiteral("jan.jansen@example.nl"), nonceBytes());
        QCOMPARE(env.toHex(), QByteArray(kRecordVector));
        QCOMPARE(envelope::openRecord(key(0x00), 42, 7, RecordKind::Email, env).value(),
                 QByteArrayLiteral("jan.jansen@example.nl"));
        QCOMPARE(envelope::keyVersionOf(env), 1u);
    }

    void recordVectorFromTheSpecAlone()
    {
        // Built only from FORMAT.md's description, with libsodium directly.
        QByteArray header("\x01\x00\x00\x00\x01", 5);
        header += nonce();
        QByteArray ad = header + QByteArrayLiteral("art32.record");
        ad += QByteArray::fromHex("000000000000002a"); // account 42
        ad += QByteArray::fromHex("0000000000000007"); // record 7
        ad += QByteArray::fromHex("02"); // kind e-mail
        const QByteArray msg = QByteArrayLiteral("jan.jansen@example.nl");
        QByteArray ct(msg.size() + 16, Qt::Uninitialized);
        unsigned long long len = 0;
        const SecureBytes k = key(0x00);
        crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(ct.data()), &len,
                                                   reinterpret_cast<const unsigned char*>(msg.constData()), msg.size(),
                                                   reinterpret_cast<const unsigned char*>(ad.constData()), ad.size(),
                                                   nullptr, nonceBytes(), k.data());
        QCOMPARE((header + ct).toHex(), QByteArray(kRecordVector));
    }

    void dekVector()
    {
        const QByteArray wrapped = envelope::wrapDek(key(0x80), 3, 42, key(0x00), nonceBytes());
        QCOMPARE(wrapped.toHex(), QByteArray(kDekVector));
        QCOMPARE(envelope::keyVersionOf(wrapped), 3u);
        QVERIFY(envelope::unwrapDek(key(0x80), 42, wrapped).value().equals(key(0x00)));
        QVERIFY(!envelope::unwrapDek(key(0x80), 43, wrapped)); // another account's slot
        QVERIFY(!envelope::unwrapDek(key(0x81), 42, wrapped)); // another KEK
        QByteArray relabelled = wrapped;
        relabelled[4] = 0x04; // claims KEK version 4: the header is authenticated too
        QVERIFY(!envelope::unwrapDek(key(0x80), 42, relabelled));
    }

    void blindIndexVector()
    {
        const QByteArray a
            = envelope::blindIndex(key(0xa0), RecordKind::Email, QStringLiteral(" Jan.Jansen@Example.NL "));
        QCOMPARE(a.toHex(), QByteArray(kIndexVector));
        QCOMPARE(envelope::blindIndex(key(0xa0), RecordKind::Email, QStringLiteral("jan.jansen@example.nl")), a);
        QVERIFY(envelope::blindIndex(key(0xa1), RecordKind::Email, QStringLiteral("jan.jansen@example.nl")) != a);
        QVERIFY(envelope::blindIndex(key(0xa0), RecordKind::Phone, QStringLiteral("jan.jansen@example.nl")) != a);
    }

    void phoneNormalisation_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("national") << "06-12345678";
        QTest::newRow("spaces") << "06 1234 5678";
        QTest::newRow("international") << "+31 6 12345678";
        QTest::newRow("00-prefix") << "0031612345678";
    }

    void phoneNormalisation()
    {
        QFETCH(QString, input);
        QCOMPARE(envelope::normalise(RecordKind::Phone, input), QStringLiteral("+31612345678"));
    }

    void everyFlippedByteIsRefused()
    {
        const QByteArray env = envelope::sealRecord(key(0x00), 1, 42, 7, RecordKind::Notes, QByteArrayLiteral("x"));
        for (int i = 0; i < env.size(); ++i) {
            for (const unsigned char bit : { 0x01, 0x80 }) {
                QByteArray t = env;
                t[i] = static_cast<char>(t.at(i) ^ bit);
                const auto r = envelope::openRecord(key(0x00), 42, 7, RecordKind::Notes, t);
                QVERIFY2(!r, qPrintable(QStringLiteral("byte %1 bit %2").arg(i).arg(bit)));
                QCOMPARE(r.error().code, QStringLiteral("envelope.integrity"));
            }
        }
        QVERIFY(!envelope::openRecord(key(0x00), 42, 7, RecordKind::Notes, env.left(env.size() - 1)));
        QVERIFY(!envelope::openRecord(key(0x00), 42, 7, RecordKind::Notes, QByteArray()));
    }

    void movedCiphertextsAreRefused_data()
    {
        QTest::addColumn<qint64>("account");
        QTest::addColumn<qint64>("record");
        QTest::addColumn<int>("kind");
        QTest::newRow("other account") << qint64(43) << qint64(7) << int(RecordKind::Phone);
        QTest::newRow("other row") << qint64(42) << qint64(8) << int(RecordKind::Phone);
        QTest::newRow("other kind") << qint64(42) << qint64(7) << int(RecordKind::Email);
    }

    void movedCiphertextsAreRefused()
    {
        QFETCH(qint64, account);
        QFETCH(qint64, record);
        QFETCH(int, kind);
        const QByteArray env = envelope::sealRecord(key(0x00), 1, 42, 7, RecordKind::Phone, QByteArrayLiteral("+316"));
        QVERIFY(envelope::openRecord(key(0x00), 42, 7, RecordKind::Phone, env));
        QVERIFY(!envelope::openRecord(key(0x00), account, record, static_cast<RecordKind>(kind), env));
    }

    void noncesAreFresh()
    {
        const QByteArray a = envelope::sealRecord(key(0x00), 1, 1, 1, RecordKind::Name, QByteArrayLiteral("same"));
        const QByteArray b = envelope::sealRecord(key(0x00), 1, 1, 1, RecordKind::Name, QByteArrayLiteral("same"));
        QVERIFY(a.mid(5, 24) != b.mid(5, 24));
        QVERIFY(a != b);
    }

    void noncePoolNeverRepeatsAcrossDraws()
    {
        envelope::NoncePool pool(8); // three draws from the OS for 20 nonces
        QSet<QByteArray> seen;
        for (int i = 0; i < 20; ++i)
            seen.insert(QByteArray(reinterpret_cast<const char*>(pool.next()), envelope::kNonceBytes));
        QCOMPARE(seen.size(), 20);
        // A pooled nonce lands in the header like any other and the envelope opens.
        const QByteArray env
            = envelope::sealRecord(key(0x00), 1, 5, 6, RecordKind::Email, QByteArrayLiteral("a@b.nl"), pool.next());
        QCOMPARE(envelope::openRecord(key(0x00), 5, 6, RecordKind::Email, env).value(), QByteArrayLiteral("a@b.nl"));
    }

    void openIntoReusesTheBufferAndEmptiesItOnFailure()
    {
        const QByteArray env = envelope::sealRecord(key(0x00), 1, 5, 6, RecordKind::Notes, QByteArrayLiteral("note"));
        QByteArray plain = QByteArrayLiteral("left over from the record before, longer");
        QVERIFY(envelope::openRecordInto(key(0x00), 5, 6, RecordKind::Notes, env, plain));
        QCOMPARE(plain, QByteArrayLiteral("note"));
        QVERIFY(!envelope::openRecordInto(key(0x00), 5, 7, RecordKind::Notes, env, plain));
        QVERIFY(plain.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
