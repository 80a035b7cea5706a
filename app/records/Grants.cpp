#include "records/Grants.h"

#include "store/Database.h"

#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::grants {

Result<qint64> grant(pqxx::connection_base &conn, const QString &sysadmin,
                     qint64 accountId, const QString &reason, int minutes) {
  try {
    pqxx::work tx(conn);
    const long long id =
        tx.exec_params("SELECT art32.grant_access($1, $2, $3, $4)",
                       sysadmin.toStdString(),
                       static_cast<long long>(accountId),
                       reason.trimmed().toStdString(), minutes)[0][0]
            .as<long long>();
    tx.commit();
    return id;
  } catch (const std::exception &e) {
    return Database::describe(e);
  }
}

} // namespace art32::grants
