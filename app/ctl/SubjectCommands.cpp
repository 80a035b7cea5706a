// subject: a data subject's access request (GDPR art. 15): everything held about one e-mail address.
#include "Support.h"
#include "auth/KeyRing.h"
#include "records/RecordStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace art32::ctl {
namespace {

int exportSubject(const Context& ctx, const Args& args)
{
    const QString email = args.value(QStringLiteral("email"));
    auto opened = openWithKeys(ctx);
    if (!opened)
        return fail(opened.error());
    auto& [o, ring] = opened.value();
    auto json
        = o.db->call([&](pqxx::connection_base& c) { return records::exportSubject(c, *ring, email, o.me.login); });
    if (!json)
        return fail(json.error());
    out() << QString::fromUtf8(json.value());
    out().flush();
    const bool nothing
        = QJsonDocument::fromJson(json.value()).object().value(QStringLiteral("holdings")).toArray().isEmpty();
    if (nothing)
        err() << "art32ctl: nothing is held about " << email << " (the JSON says so too)." << Qt::endl;
    return nothing ? NotFound : Ok;
}

} // namespace

QList<Command> subjectCommands()
{
    return {
        Command(QStringLiteral("subject"), QStringLiteral("export"), Needs::Unlock,
                QStringLiteral("Prints, as JSON, all personal data held about one e-mail address."), exportSubject)
            .withDetails(QStringLiteral("The read is audited; exit code 7 when nothing is held (the JSON is printed "
                                        "all the same)."))
            .withOptions({ Option::text(QStringLiteral("email"), QStringLiteral("ADDRESS"),
                                        QStringLiteral("The data subject's e-mail address."))
                               .require() }),
    };
}

} // namespace art32::ctl
