#include "RoleMatrix.h"
#include "SecuritySupport.h"

#include <QTest>
#include <QUuid>
#include <map>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <set>

using namespace art32;
using test::kInsufficientPrivilege;
namespace matrix = art32::test::matrix;

/**
 * DESIGN.md §4.1 proven: every role (CTO, sysadmin, auditor unlocked and locked, the platform, the backup role)
 * against every art32 table (SELECT, INSERT, UPDATE, DELETE) and function (EXECUTE), each compared with the one
 * table in RoleMatrix.h. The catalog is read at run time: an object the matrix does not list fails the test, and so
 * does a row for an object that is gone.
 */
class TestRoleMatrix : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_rolematrix");
    Keychain m_keychain { QStringLiteral("Art32 Console role matrix test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::string m_servicePassword;

    /** One login of the walk, in the column order of the matrix. */
    struct Who
    {
        std::string name; ///< for messages
        std::unique_ptr<Database> db;
        std::map<std::string, std::string> placeholders; ///< {read} & co.
    };
    static constexpr int kColumns = 8;

    pqxx::result super(const std::string& sql)
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        pqxx::nontransaction tx(c);
        return tx.exec(sql);
    }

    /** The 8 cells of a rule ("r r r - - | 0 0 0" -> "rrr--000"). */
    static std::string cells(const char* rule)
    {
        std::string out;
        for (const char* p = rule; *p; ++p)
            if (*p != ' ' && *p != '|')
                out += *p;
        return out;
    }

    static std::string tryRolledBack(Database& db, const std::string& statement, long long* rows = nullptr)
    {
        std::string state;
        db.run([&](pqxx::connection_base& c) {
            c.set_verbosity(pqxx::connection_base::verbose);
            pqxx::nontransaction tx(c);
            tx.exec("BEGIN");
            try {
                const pqxx::result r = tx.exec(statement);
                if (rows)
                    *rows = r.size() == 1 && r.columns() == 1 ? r[0][0].as<long long>(0) : 0;
            } catch (const pqxx::sql_error& e) {
                state = test::stateOf(e);
            }
            tx.exec("ROLLBACK");
        });
        return state;
    }

    std::vector<Who> logins()
    {
        std::vector<Who> who;
        who.push_back({ "cto", test::unlockedAs(m_db, m_cto, m_keychain, m_offset), {} });
        who.push_back({ "sysadmin", test::unlockedAs(m_db, m_sys, m_keychain, m_offset), {} });
        who.push_back({ "auditor", test::unlockedAs(m_db, m_aud, m_keychain, m_offset), {} });
        who.push_back({ "platform", test::loginAs(m_db, QStringLiteral("tst_m_platform"), m_servicePassword), {} });
        who.push_back({ "backup", test::loginAs(m_db, QStringLiteral("tst_m_backup"), m_servicePassword), {} });
        who.push_back({ "locked cto", test::loginAs(m_cto, m_keychain), {} });
        who.push_back({ "locked sysadmin", test::loginAs(m_sys, m_keychain), {} });
        who.push_back({ "locked auditor", test::loginAs(m_aud, m_keychain), {} });
        for (Who& w : who) {
            const auto opened = [&](const std::string& sql) {
                return w.db ? test::scalar(*w.db, sql).value_or("0") : std::string("0");
            };
            // Committed first, as the read functions require; "0" (no such read) when refused.
            w.placeholders["{read}"] = opened("SELECT read_id FROM art32.open_read('scan', 1, 1)");
            w.placeholders["{rotation_read}"] = opened("SELECT read_id FROM art32.open_read('rotation', 1, 1)");
            w.placeholders["{search}"]
                = opened("SELECT art32.request_search(1::smallint, '{1}', ARRAY['\\x00'::bytea])");
        }
        return who;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_m"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_servicePassword = "svc-" + QUuid::createUuid().toString(QUuid::Id128).toStdString();
        test::createLoginRole(QStringLiteral("tst_m_platform"), m_servicePassword, QStringLiteral("art32_platform"));
        test::createLoginRole(QStringLiteral("tst_m_backup"), m_servicePassword, QStringLiteral("art32_backup"));
        // A row in every table a role may read, so "r" (sees rows) and "0" (RLS hides them) differ.
        super("INSERT INTO art32.accounts (company_name, plan) SELECT 'Matrix ' || i, 'free' "
              "FROM generate_series(1, 3) i");
        super("INSERT INTO art32.account_keys (account_id, kek_version, wrapped_dek) "
              "VALUES (1, 1, decode(repeat('00', 77), 'hex'))");
        super("INSERT INTO art32.records (id, account_id, kind, ciphertext) VALUES (1, 1, 1, decode(repeat('00', 45), "
              "'hex'))");
        super("INSERT INTO art32.blind_index (record_id, account_id, kind, index_version, digest) "
              "VALUES (1, 1, 1, 1, decode(repeat('00', 16), 'hex'))");
        super("INSERT INTO art32.key_rotations (kind, from_version, to_version, started_at, finished_at, finished_by) "
              "VALUES ('index', 1, 1, now(), now(), 'tst_m_cto')");
        super("SELECT art32.grant_access('tst_m_sys', 1, 'matrix fixture', 7 * 24 * 60)");
        super("INSERT INTO art32.access_requests (admin_id, account_id, reason, minutes, requested_at) "
              "SELECT id, 2, 'matrix fixture', 60, now() FROM art32.admins WHERE login = 'tst_m_sys'");
        super("INSERT INTO art32.erasure_ledger (account_id, erased_at, erased_by, records_deleted, backups_until) "
              "VALUES (99, now(), 'tst_m_cto', 0, now())");
        super("INSERT INTO art32.platform_keys (login, public_key, registered_at) "
              "VALUES ('tst_m_platform', decode(repeat('11', 32), 'hex'), now())");
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

private:
    /** What the catalog holds and the matrix does not list, and the other way round. */
    QStringList unlisted()
    {
        std::set<std::string> tables, functions, listedTables, listedFunctions;
        for (const auto& row : super("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE n.nspname IN ('art32', 'art32_roles') AND c.relkind IN ('r', 'p')"))
            tables.insert(row[0].as<std::string>());
        for (const auto& row : super("SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON "
                                     "n.oid = p.pronamespace WHERE n.nspname IN ('art32', 'art32_roles')"))
            functions.insert(row[0].as<std::string>());
        for (const auto& t : matrix::kTables)
            listedTables.insert(t.table);
        for (const auto& f : matrix::kFunctions)
            listedFunctions.insert(f.function);
        QStringList problems;
        for (const auto& t : tables)
            if (!listedTables.count(t))
                problems << QStringLiteral("table art32.%1 is not in tests/security/RoleMatrix.h")
                                .arg(QString::fromStdString(t));
        for (const auto& t : listedTables)
            if (!tables.count(t))
                problems << QStringLiteral("RoleMatrix.h lists table %1, which does not exist")
                                .arg(QString::fromStdString(t));
        for (const auto& f : functions)
            if (!listedFunctions.count(f))
                problems << QStringLiteral("function %1 is not in tests/security/RoleMatrix.h")
                                .arg(QString::fromStdString(f));
        for (const auto& f : listedFunctions)
            if (!functions.count(f))
                problems << QStringLiteral("RoleMatrix.h lists function %1, which does not exist")
                                .arg(QString::fromStdString(f));
        return problems;
    }

private slots:
    void everyObjectIsInTheMatrix()
    {
        const QStringList problems = unlisted();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        for (const auto& t : matrix::kTables)
            for (const char* c : { t.select, t.insert, t.update, t.remove })
                QVERIFY2(cells(c).size() == kColumns, t.table);
        for (const auto& f : matrix::kFunctions)
            QVERIFY2(cells(f.execute).size() == kColumns, f.function);
    }

    void aNewFunctionOrTableFailsUntilItIsListed()
    {
        // What a later migration does: the walk must then fail until RoleMatrix.h has its rows.
        super("CREATE FUNCTION art32.zz_unlisted() RETURNS integer LANGUAGE sql SET search_path = pg_catalog, pg_temp "
              "AS 'SELECT 1'; CREATE TABLE art32.zz_unlisted_table (id integer)");
        const QStringList problems = unlisted();
        super("DROP FUNCTION art32.zz_unlisted(); DROP TABLE art32.zz_unlisted_table");
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems.join(QLatin1Char(' ')).contains(QLatin1String("function zz_unlisted is not in")));
        QVERIFY(problems.join(QLatin1Char(' ')).contains(QLatin1String("table art32.zz_unlisted_table is not in")));
        QVERIFY(unlisted().isEmpty());
    }

    void everyRoleOnEveryTable()
    {
        std::vector<Who> who = logins();
        std::map<std::string, std::string> firstColumn; // a column an UPDATE may name (no identity)
        for (const auto& row :
             super("SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON "
                   "n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
                   "AND NOT a.attisdropped AND a.attidentity = '' AND a.attgenerated = '' "
                   "WHERE n.nspname = 'art32' AND c.relkind IN ('r', 'p') ORDER BY a.attnum DESC"))
            firstColumn[row[0].as<std::string>()] = row[1].as<std::string>();
        QStringList wrong;
        for (int w = 0; w < kColumns; ++w) {
            QVERIFY2(who[w].db, who[w].name.c_str());
            Database& db = *who[w].db;
            for (const auto& t : matrix::kTables) {
                const std::string table = std::string("art32.") + t.table;
                long long rows = -1;
                const std::string read = tryRolledBack(db, "SELECT count(*) FROM " + table, &rows);
                const char seen = read == kInsufficientPrivilege ? '-' : read.empty() ? (rows > 0 ? 'r' : '0') : '?';
                const std::string column = firstColumn[t.table];
                const std::pair<const char*, std::string> writes[] = {
                    { t.insert, "INSERT INTO " + table + " DEFAULT VALUES" },
                    { t.update, "UPDATE " + table + " SET " + column + " = " + column + " WHERE false" },
                    { t.remove, "DELETE FROM " + table + " WHERE false" },
                };
                std::string got(1, seen);
                for (const auto& [rule, sql] : writes)
                    got += tryRolledBack(db, sql) == kInsufficientPrivilege ? '-' : '+';
                const std::string want
                    = std::string(1, cells(t.select)[w]) + cells(t.insert)[w] + cells(t.update)[w] + cells(t.remove)[w];
                if (got != want)
                    wrong << QStringLiteral("%1 on %2: SELECT/INSERT/UPDATE/DELETE gave %3, the matrix says %4")
                                 .arg(QString::fromStdString(who[w].name), QString::fromStdString(table),
                                      QString::fromStdString(got), QString::fromStdString(want));
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    void everyRoleOnEveryFunction()
    {
        std::vector<Who> who = logins();
        // A harmless value of each argument type (as tst_catalog calls them; values that parse, so the call reaches
        // the permission check).
        std::map<std::string, std::vector<std::string>> calls; // proname -> "schema.name(args)" for each overload
        const pqxx::result r = super(
            "SELECT p.proname, p.oid::regproc::text, coalesce(string_agg(CASE format_type(t.type, NULL) "
            "WHEN 'integer' THEN '1' WHEN 'bigint' THEN '1' WHEN 'smallint' THEN '1::smallint' WHEN 'boolean' THEN "
            "'false' WHEN 'bytea' THEN '''\\x00''::bytea' WHEN 'timestamp with time zone' THEN 'now()' "
            "WHEN 'text[]' THEN '''{}''::text[]' WHEN 'bigint[]' THEN '''{1}''::bigint[]' "
            "WHEN 'bytea[]' THEN '''{}''::bytea[]' WHEN 'integer[]' THEN '''{1}''::integer[]' "
            "WHEN 'jsonb' THEN '''{}''::jsonb' WHEN 'xid' THEN '''1''::xid' "
            "ELSE CASE WHEN format_type(t.type, NULL) LIKE 'art32.%' THEN 'NULL::' ELSE '''x''::' END "
            "|| format_type(t.type, NULL) END, ', ' ORDER BY t.ord), ''), "
            "p.prorettype = 'trigger'::regtype "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "LEFT JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS t (type, ord) ON true "
            "WHERE n.nspname IN ('art32', 'art32_roles') GROUP BY p.oid, p.proname ORDER BY p.proname");
        std::map<std::string, std::string> qualified;
        for (const auto& row : r) {
            const std::string name = row[0].as<std::string>();
            qualified[name] = row[1].as<std::string>();
            calls[name].push_back(row[1].as<std::string>() + "(" + row[2].as<std::string>() + ")");
        }
        const std::string roles[kColumns] = { "tst_m_cto",    "tst_m_sys", "tst_m_aud", "tst_m_platform",
                                              "tst_m_backup", "tst_m_cto", "tst_m_sys", "tst_m_aud" };
        QStringList wrong;
        for (const auto& f : matrix::kFunctions) {
            const std::string want = cells(f.execute);
            for (int w = 0; w < kColumns; ++w) {
                QVERIFY2(who[w].db, who[w].name.c_str());
                std::vector<std::string> statements;
                if (f.call && std::string(f.call) == matrix::kTrigger) {
                    // Never called; nobody of ours may execute it either.
                    const bool may = super("SELECT bool_or(has_function_privilege(" + test::literal(roles[w])
                                           + ", p.oid, 'EXECUTE')) FROM pg_proc p WHERE p.proname = "
                                           + test::literal(f.function))[0][0]
                                         .as<bool>();
                    if ((may ? '+' : '-') != want[w])
                        wrong << QStringLiteral("%1 may execute trigger function %2: %3")
                                     .arg(QString::fromStdString(who[w].name), QLatin1String(f.function),
                                          may ? QStringLiteral("yes") : QStringLiteral("no"));
                    continue;
                }
                if (f.call) {
                    std::string args = f.call;
                    for (const auto& [key, value] : who[w].placeholders)
                        for (std::size_t at = args.find(key); at != std::string::npos; at = args.find(key))
                            args.replace(at, key.size(), value);
                    statements.push_back("SELECT " + qualified[f.function] + "(" + args + ")");
                } else {
                    for (const std::string& c : calls[f.function])
                        statements.push_back("SELECT " + c);
                }
                for (const std::string& sql : statements) {
                    const std::string state = tryRolledBack(*who[w].db, sql);
                    const char got = state == kInsufficientPrivilege ? '-' : '+';
                    if (got != want[w])
                        wrong << QStringLiteral("%1: %2 -> %3, the matrix says %4")
                                     .arg(QString::fromStdString(who[w].name), QString::fromStdString(sql),
                                          QString::fromStdString(state.empty() ? "ok" : state),
                                          QChar::fromLatin1(want[w]));
                }
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestRoleMatrix)
#include "tst_rolematrix.moc"
