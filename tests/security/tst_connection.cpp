#include "SecuritySupport.h"
#include "core/Process.h"
#include "store/Passwords.h"

#include <QFile>
#include <QTest>
#include <QUuid>
#include <arpa/inet.h>
#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <libpq-fe.h>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <pqxx/nontransaction>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace art32;

namespace {

/**
 * A server on 127.0.0.2 that speaks just enough of the PostgreSQL protocol to ask for a cleartext password:
 * it refuses TLS ('N') and answers every startup message with AuthenticationCleartextPassword. Everything a
 * client sends is kept, so a test can see whether a password arrived.
 */
class FakeServer
{
public:
    FakeServer()
    {
        m_listen = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_port = 0;
        inet_pton(AF_INET, "127.0.0.2", &a.sin_addr);
        bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a);
        listen(m_listen, 8);
        socklen_t len = sizeof a;
        getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~FakeServer()
    {
        m_stop = true;
        shutdown(m_listen, SHUT_RDWR);
        close(m_listen);
        m_thread.join();
    }
    int port() const { return m_port; }
    int connections() const { return m_connections; }
    QByteArray received()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_received;
    }

private:
    void serve()
    {
        while (!m_stop) {
            pollfd p { m_listen, POLLIN, 0 };
            if (poll(&p, 1, 100) <= 0)
                continue;
            const int c = accept(m_listen, nullptr, nullptr);
            if (c < 0)
                continue;
            ++m_connections;
            talk(c);
            close(c);
        }
    }

    /** Reads one message of a client (4-byte length first, which includes itself); empty when it hung up. */
    QByteArray readLengthPrefixed(int c, bool typed)
    {
        QByteArray msg;
        const int head = typed ? 5 : 4;
        if (!readExactly(c, head, msg))
            return {};
        const unsigned char* h = reinterpret_cast<const unsigned char*>(msg.constData()) + (typed ? 1 : 0);
        const int len = (h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3];
        if (len < 4 || len > 100000)
            return msg;
        QByteArray body;
        readExactly(c, len - 4, body);
        return msg + body;
    }

    bool readExactly(int c, int n, QByteArray& out)
    {
        while (n > 0) {
            pollfd p { c, POLLIN, 0 };
            if (poll(&p, 1, 2000) <= 0)
                return false;
            char buf[4096];
            const ssize_t got = recv(c, buf, static_cast<size_t>(std::min(n, 4096)), 0);
            if (got <= 0)
                return false;
            out.append(buf, static_cast<qsizetype>(got));
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_received.append(buf, static_cast<qsizetype>(got));
            }
            n -= static_cast<int>(got);
        }
        return true;
    }

    void talk(int c)
    {
        QByteArray first = readLengthPrefixed(c, false);
        if (first.size() == 8 && static_cast<unsigned char>(first[4]) == 0x04
            && static_cast<unsigned char>(first[5]) == 0xd2) {
            send(c, "N", 1, MSG_NOSIGNAL); // SSLRequest: no TLS here
            first = readLengthPrefixed(c, false);
        }
        if (first.isEmpty())
            return;
        const char askCleartext[] = { 'R', 0, 0, 0, 8, 0, 0, 0, 3 };
        send(c, askCleartext, sizeof askCleartext, MSG_NOSIGNAL);
        readLengthPrefixed(c, true); // a PasswordMessage, if the client is foolish enough
    }

    int m_listen = -1;
    int m_port = 0;
    std::atomic_bool m_stop { false };
    std::atomic_int m_connections { 0 };
    std::mutex m_mutex;
    QByteArray m_received;
    std::thread m_thread;
};

struct Hit
{
    quintptr address;
    bool guarded; ///< inside a sodium_malloc allocation (single guard pages on both sides)
};

/** Every place in this process's readable memory that holds needle. */
QList<Hit> findInMemory(const QByteArray& needle)
{
    struct Region
    {
        quintptr start, end;
        QByteArray perms;
        QByteArray name;
    };
    QList<Region> regions;
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : maps.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 5)
            continue;
        const QList<QByteArray> range = f[0].split('-');
        regions.append({ range[0].toULongLong(nullptr, 16), range[1].toULongLong(nullptr, 16), f[1],
                         f.size() > 5 ? f[5] : QByteArray() });
    }
    const int mem = open("/proc/self/mem", O_RDONLY);
    QList<Hit> hits;
    // One buffer for the whole scan; what it holds are copies made by the scan itself, so hits in it do not count.
    const quintptr chunk = 1 << 22;
    QByteArray buf(static_cast<qsizetype>(chunk) + needle.size(), '\0');
    const quintptr bufStart = reinterpret_cast<quintptr>(buf.constData());
    const quintptr bufEnd = bufStart + static_cast<quintptr>(buf.size());
    const quintptr page = static_cast<quintptr>(sysconf(_SC_PAGESIZE));
    for (int i = 0; i < regions.size(); ++i) {
        const Region& r = regions[i];
        if (!r.perms.startsWith("rw") || r.name == "[vvar]" || r.name == "[vsyscall]")
            continue;
        auto isGuard = [&](int j) {
            return j >= 0 && j < regions.size() && regions[j].perms.startsWith("---")
                && regions[j].end - regions[j].start == page;
        };
        const bool guarded
            = isGuard(i - 1) && regions[i - 1].end == r.start && isGuard(i + 1) && regions[i + 1].start == r.end;
        for (quintptr at = r.start; at < r.end; at += chunk) {
            const quintptr n = std::min(chunk + needle.size(), r.end - at);
            const ssize_t got = pread(mem, buf.data(), n, static_cast<off_t>(at));
            if (got <= 0)
                break;
            const QByteArrayView view(buf.constData(), got);
            const qsizetype limit = static_cast<qsizetype>(std::min<quintptr>(static_cast<quintptr>(got), chunk));
            for (qsizetype k = view.indexOf(needle); k >= 0 && k < limit; k = view.indexOf(needle, k + 1)) {
                const quintptr address = at + static_cast<quintptr>(k);
                if (address < bufStart || address >= bufEnd)
                    hits.append({ address, guarded });
            }
        }
    }
    close(mem);
    return hits;
}

qsizetype unguarded(const QList<Hit>& hits)
{
    return std::count_if(hits.cbegin(), hits.cend(), [](const Hit& h) { return !h.guarded; });
}

} // namespace

/**
 * The database password on its way out: profiles that could send it to a server that did not prove who it is
 * are refused, a fake server on a loopback address never sees it, and after connecting the process holds it
 * only in guarded memory and in libpq's own copy.
 */
class TestConnection : public QObject
{
    Q_OBJECT

    Profile fakeProfile(int port, const QString& sslMode = QString())
    {
        Profile p;
        p.name = QStringLiteral("fake");
        p.host = QStringLiteral("127.0.0.2");
        p.port = QString::number(port);
        p.database = QStringLiteral("art32");
        p.user = QStringLiteral("victim");
        p.sslMode = sslMode;
        return p;
    }

    static SecureBytes secret(const QByteArray& s)
    {
        SecureBytes b(static_cast<std::size_t>(s.size()));
        memcpy(b.data(), s.constData(), static_cast<size_t>(s.size()));
        return b;
    }

private slots:
    void theFakeServerCatchesACarelessClient()
    {
        // The control: without verified TLS, libpq hands the password to whoever asks.
        FakeServer fake;
        const QByteArray conninfo = "host=127.0.0.2 port=" + QByteArray::number(fake.port())
            + " user=victim dbname=art32 sslmode=disable password=control-secret-4711";
        PGconn* c = PQconnectdb(conninfo.constData());
        PQfinish(c);
        QVERIFY(fake.received().contains("control-secret-4711"));
    }

    void channelBindingRefusesACleartextRequest()
    {
        FakeServer fake;
        const QByteArray conninfo = "host=127.0.0.2 port=" + QByteArray::number(fake.port())
            + " user=victim dbname=art32 sslmode=disable channel_binding=require password=bound-secret-4711";
        PGconn* c = PQconnectdb(conninfo.constData());
        QVERIFY(PQstatus(c) != CONNECTION_OK);
        PQfinish(c);
        QVERIFY(fake.connections() >= 1);
        QVERIFY(!fake.received().contains("bound-secret-4711"));
    }

    void aProfileNeverSendsThePasswordToAnUnverifiedServer()
    {
        FakeServer fake;
        Database db(fakeProfile(fake.port()));
        const auto r = db.open(secret("profile-secret-4711"));
        QVERIFY(!r);
        QVERIFY(fake.connections() >= 1); // it did try, and stopped at "no TLS"
        QVERIFY(!fake.received().contains("profile-secret-4711"));
    }

    void profilesThatWouldNotVerifyAreRefusedBeforeConnecting()
    {
        FakeServer fake;
        qputenv("PGHOST", "127.0.0.2");
        qputenv("PGPORT", QByteArray::number(fake.port()));
        for (const QString& mode : { QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("prefer"),
                                     QStringLiteral("disable") }) {
            Database db(fakeProfile(fake.port(), mode));
            const auto r = db.open(secret("mode-secret-4711"));
            QVERIFY(!r);
            QCOMPARE(r.error().code, QStringLiteral("profile.tls"));
        }
        // An empty host would be libpq's default (PGHOST here: the fake server).
        Profile empty = fakeProfile(fake.port());
        empty.host.clear();
        QCOMPARE(empty.validate().error().code, QStringLiteral("profile.host"));
        Database db(empty);
        const auto r = db.open(secret("empty-host-secret-4711"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("profile.host"));
        qunsetenv("PGHOST");
        qunsetenv("PGPORT");
        QCOMPARE(fake.connections(), 0);
        QVERIFY(!fake.received().contains("secret-4711"));
    }

    void afterConnectingOnlyLibpqHoldsThePassword()
    {
        ART32_REQUIRE_SERVICES();
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer keeps freed memory intact (quarantine); the count is only meaningful without it");
#endif
        const QString db = QStringLiteral("tst_connection");
        test::freshDatabase(db);
        const SecureBytes generated = randomPassword();
        const QByteArray needle = generated.view(); // a view on guarded memory, not a copy
        // The role gets a verifier computed here: no statement ever carries the password itself.
        test::superuserExec(db, "DROP ROLE IF EXISTS tst_conn_user");
        test::superuserExec(
            db, "CREATE ROLE tst_conn_user LOGIN PASSWORD '" + scramVerifier("tst_conn_user", generated).value() + "'");
        // The way the console goes: the keychain, a guarded copy, the keychain's buffer wiped, then libpq.
        Keychain keychain(QStringLiteral("Art32 Console connection test %1").arg(QUuid::createUuid().toString()));
        const QString key = QStringLiteral("profile/tst_conn/db-password");
        QVERIFY(keychain.writeNow(key, needle).ok());
        Profile p = test::superuserProfile(db);
        p.name = QStringLiteral("tst_conn");
        p.user = QStringLiteral("tst_conn_user");
        Database conn(p);
        {
            Keychain::Reply pw = keychain.readNow(key);
            QVERIFY(pw.ok());
            SecureBytes copy = SecureBytes::fromByteArray(pw.secret);
            wipe(pw.secret);
            QCOMPARE(unguarded(findInMemory(needle)), 0); // wipe() zeroed QtKeychain's own buffer too
            QVERIFY(conn.open(std::move(copy)));
        }
        QVERIFY(conn.run([](pqxx::connection_base& c) { pqxx::nontransaction(c).exec("SELECT 1"); }));
        keychain.removeNow(key);

        const QList<Hit> hits = findInMemory(needle);
        // The generated password and the Database's copy are guarded. Outside guarded memory only libpq's: with
        // libpq 15 that is two for the life of the connection, its connection parameter and the SCRAM
        // exchange's normalised password (freed when the connection drops). Nothing of ours.
        QVERIFY(hits.size() >= 2);
        QVERIFY2(unguarded(hits) <= 2, qPrintable(QStringLiteral("%1 unguarded copies").arg(unguarded(hits))));

        // The scan can fail: a plain copy of the password shows up as one more.
        std::string careless = needle.toStdString();
        QCOMPARE(unguarded(findInMemory(needle)), unguarded(hits) + 1);
        sodium_memzero(careless.data(), careless.size());

        // Both are libpq's: once the connection is gone, so are they.
        conn.close();
        QCOMPARE(unguarded(findInMemory(needle)), 0);
    }

    void bothExecutablesAreNotDumpable()
    {
        for (const char* source : { "app/ctl/main.cpp", "ui/main.cpp" }) {
            QFile f(QStringLiteral(ART32_SOURCE_DIR "/") + QLatin1String(source));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(f.readAll().contains("art32::hardenProcess()"), source);
        }
        // And the call does what it says, here in this process.
        hardenProcess();
        QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
