#include "records/Seeder.h"

#include "records/Envelope.h"
#include "store/Database.h"

#include <QDate>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/stream_to>
#include <pqxx/transaction>
#include <random>
#include <sodium.h>
#include <tuple>
#include <vector>

namespace art32 {
namespace {

const char* const kFirstNames[]
    = { "Jan",   "Sanne", "Pieter", "Emma",   "Daan",  "Lotte",  "Bram",   "Fleur", "Sem",   "Julia",
        "Lucas", "Anouk", "Thijs",  "Sophie", "Ruben", "Noor",   "Jesse",  "Lisa",  "Milan", "Eva",
        "Stijn", "Iris",  "Koen",   "Femke",  "Joris", "Maaike", "Wouter", "Esther" };
const char* const kInfixes[] = { "", "", "", "", "van ", "de ", "van der ", "van den ", "ter ", "van de " };
const char* const kSurnames[]
    = { "Jansen",  "Visser",   "Bakker", "Smit",    "Meijer",   "Mulder", "Bos",     "Vos",
        "Peters",  "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Kok",    "Jacobs",  "Vermeulen",
        "Willems", "Hoekstra", "Koster", "Prins",   "Huisman",  "Postma", "Kuipers", "Veenstra",
        "Berg",    "Groot",    "Wit",    "Boer",    "Graaf",    "Linden" };
const char* const kTrades[]
    = { "Bakkerij",  "Installatiebedrijf", "Advocatenkantoor", "Tandartspraktijk", "Bouwbedrijf",  "Drukkerij",
        "Webbureau", "Kinderopvang",       "Transport",        "Adviesbureau",     "Fietsenmaker", "Accountants",
        "Hoveniers", "Zorggroep",          "Makelaardij",      "Brouwerij" };
const char* const kForms[] = { "B.V.", "V.O.F.", "", "& Zn.", "Groep", "Holding B.V." };
const char* const kStreets[]
    = { "Dorpsstraat",   "Kerkstraat",    "Molenweg",  "Stationsweg", "Schoolstraat", "Julianalaan",
        "Beatrixstraat", "Nieuwe Gracht", "Havenkade", "Lindenlaan",  "Eikenlaan",    "Marktplein" };
const char* const kCities[]
    = { "Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Tilburg", "Almere",
        "Breda",     "Nijmegen",  "Haarlem", "Arnhem",   "Zwolle",    "Leiden",    "Delft",   "Deventer" };
const char* const kNotes[]
    = { "Voorkeur voor contact per e-mail.", "Belt liever na 14:00.", "Contactpersoon facturatie.",
        "Heeft om inzage gevraagd.",         "Nieuwsbrief afgemeld.", "Technisch aanspreekpunt." };
const char* const kPlans[] = { "free", "starter", "starter", "business", "business", "enterprise" };

template<std::size_t N> const char* pick(std::mt19937_64& rng, const char* const (&list)[N])
{
    return list[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

QString slug(const QString& text)
{
    QString out;
    for (const QChar c : text.toLower()) {
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out.append(c);
    }
    return out;
}

std::string hexBytea(const QByteArray& bytes)
{
    return "\\x" + bytes.toHex().toStdString();
}

std::vector<long long> reserveIds(pqxx::work& tx, const char* sequence, long long n)
{
    std::vector<long long> ids;
    ids.reserve(static_cast<std::size_t>(n));
    for (const auto& row : tx.exec_params("SELECT nextval($1::regclass) FROM generate_series(1, $2)", sequence, n))
        ids.push_back(row[0].as<long long>());
    return ids;
}

struct Rec
{
    int contact;
    RecordKind kind;
    QString value;
};

} // namespace

Result<qint64> Seeder::seed(pqxx::connection_base& conn, const Keys& keys, qint64 accounts, quint64 seed,
                            const std::function<void(qint64, qint64)>& progress, const std::atomic_bool* cancel)
{
    std::mt19937_64 rng(seed);
    const qint64 batch = 5000;
    const QDate today = QDate::currentDate();
    qint64 written = 0;
    try {
        // A superuser seeds in bulk: one records.seeded event per transaction instead of a chained event per row
        // (migration 0018, docs/SECURITY.md); any other login gets its row events as every writer does.
        bool bulk = false;
        {
            pqxx::nontransaction q(conn);
            bulk = q.exec("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user")[0][0].as<bool>();
        }
        while (written < accounts) {
            if (cancel && cancel->load())
                break;
            const qint64 n = std::min(batch, accounts - written);
            pqxx::work tx(conn);
            const std::vector<long long> accountIds = reserveIds(tx, "art32.accounts_id_seq", n);

            // Generate first, then reserve exactly as many record ids as needed.
            std::vector<std::vector<Rec>> perAccount(static_cast<std::size_t>(n));
            std::vector<QString> names(static_cast<std::size_t>(n));
            long long recordCount = 0;
            for (qint64 i = 0; i < n; ++i) {
                const QString company = QStringLiteral("%1 %2 %3")
                                            .arg(QLatin1String(pick(rng, kTrades)), QLatin1String(pick(rng, kSurnames)),
                                                 QLatin1String(pick(rng, kForms)))
                                            .trimmed();
                names[static_cast<std::size_t>(i)] = company;
                const QString domain = slug(company.section(QLatin1Char(' '), 1, 1))
                    + slug(company.section(QLatin1Char(' '), 0, 0)).left(4) + QStringLiteral(".nl");
                const int contacts = std::uniform_int_distribution<int>(0, 9)(rng) < 7 ? 1 : 2;
                auto& recs = perAccount[static_cast<std::size_t>(i)];
                for (int c = 1; c <= contacts; ++c) {
                    const QString first = QLatin1String(pick(rng, kFirstNames));
                    const QString infix = QLatin1String(pick(rng, kInfixes));
                    const QString last = QLatin1String(pick(rng, kSurnames));
                    recs.push_back({ c, RecordKind::Name, first + QLatin1Char(' ') + infix + last });
                    recs.push_back({ c, RecordKind::Email,
                                     QStringLiteral("%1.%2%3@%4").arg(slug(first), slug(infix), slug(last), domain) });
                    recs.push_back(
                        { c, RecordKind::Phone,
                          QStringLiteral("06-%1").arg(std::uniform_int_distribution<int>(10000000, 99999999)(rng)) });
                    recs.push_back({ c, RecordKind::Address,
                                     QStringLiteral("%1 %2, %3 %4%5 %6")
                                         .arg(QLatin1String(pick(rng, kStreets)))
                                         .arg(std::uniform_int_distribution<int>(1, 250)(rng))
                                         .arg(std::uniform_int_distribution<int>(1000, 9999)(rng))
                                         .arg(QChar(u'A' + std::uniform_int_distribution<int>(0, 25)(rng)))
                                         .arg(QChar(u'A' + std::uniform_int_distribution<int>(0, 25)(rng)))
                                         .arg(QLatin1String(pick(rng, kCities))) });
                    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0)
                        recs.push_back({ c, RecordKind::DateOfBirth,
                                         today.addDays(-std::uniform_int_distribution<int>(18 * 365, 70 * 365)(rng))
                                             .toString(Qt::ISODate) });
                    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0)
                        recs.push_back({ c, RecordKind::Notes, QLatin1String(pick(rng, kNotes)) });
                }
                recordCount += static_cast<long long>(recs.size());
            }
            const std::vector<long long> recordIds = reserveIds(tx, "art32.records_id_seq", recordCount);
            if (bulk) {
                long long indexCount = 0;
                for (const auto& recs : perAccount)
                    for (const Rec& r : recs)
                        indexCount += r.kind == RecordKind::Email || r.kind == RecordKind::Phone ? 1 : 0;
                tx.exec_params("SELECT art32.seed_bulk($1, $2, $3)", static_cast<long long>(n), recordCount,
                               indexCount);
                tx.exec("SET LOCAL art32.bulk_seed = 'on'");
            }

            pqxx::stream_to accountStream(tx, "art32.accounts",
                                          std::vector<std::string> { "id", "company_name", "plan", "created_at" });
            for (qint64 i = 0; i < n; ++i) {
                const QDateTime created = QDateTime::currentDateTimeUtc().addSecs(
                    -std::uniform_int_distribution<qint64>(0, 5LL * 365 * 24 * 3600)(rng));
                accountStream << std::make_tuple(
                    accountIds[static_cast<std::size_t>(i)], names[static_cast<std::size_t>(i)].toStdString(),
                    std::string(pick(rng, kPlans)), created.toString(Qt::ISODate).toStdString());
            }
            accountStream.complete();

            pqxx::stream_to keyStream(tx, "art32.account_keys",
                                      std::vector<std::string> { "account_id", "kek_version", "wrapped_dek" });
            // One COPY at a time per transaction: keys first, then the records and index rows buffered meanwhile.
            std::vector<std::tuple<long long, long long, int, int, std::string>> recordRows;
            std::vector<std::tuple<long long, long long, int, int, std::string>> indexRows;
            recordRows.reserve(static_cast<std::size_t>(recordCount));
            std::size_t nextRecord = 0;
            SecureBytes dek(32);
            for (qint64 i = 0; i < n; ++i) {
                const long long accountId = accountIds[static_cast<std::size_t>(i)];
                randombytes_buf(dek.data(), dek.size());
                keyStream << std::make_tuple(
                    accountId, keys.kekVersion,
                    hexBytea(envelope::wrapDek(keys.kek, static_cast<std::uint32_t>(keys.kekVersion), accountId, dek)));
                for (const Rec& r : perAccount[static_cast<std::size_t>(i)]) {
                    const long long recordId = recordIds[nextRecord++];
                    const QByteArray env = envelope::sealRecord(dek, 1, accountId, recordId, r.kind, r.value.toUtf8());
                    recordRows.emplace_back(recordId, accountId, r.contact, static_cast<int>(r.kind), hexBytea(env));
                    if (r.kind == RecordKind::Email || r.kind == RecordKind::Phone)
                        indexRows.emplace_back(recordId, accountId, static_cast<int>(r.kind), keys.indexVersion,
                                               hexBytea(envelope::blindIndex(keys.indexKey, r.kind, r.value)));
                }
            }
            keyStream.complete();
            pqxx::stream_to recordStream(
                tx, "art32.records", std::vector<std::string> { "id", "account_id", "contact", "kind", "ciphertext" });
            for (const auto& row : recordRows)
                recordStream << row;
            recordStream.complete();
            pqxx::stream_to indexStream(
                tx, "art32.blind_index",
                std::vector<std::string> { "record_id", "account_id", "kind", "index_version", "digest" });
            for (const auto& row : indexRows)
                indexStream << row;
            indexStream.complete();
            tx.commit();
            written += n;
            if (progress)
                progress(written, accounts);
        }
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
    return written;
}

} // namespace art32
