#include "access/AccessView.h"

#include "auth/Unlock.h"
#include "store/Session.h"
#include "widgets/Banner.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>
#include <memory>

namespace art32::ui {

void AdminsModel::setRows(QList<AdminInfo> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int AdminsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AdminsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AdminsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const AdminInfo& r = m_rows.at(index.row());
    switch (index.column()) {
    case Login:
        return r.login;
    case Name:
        return r.displayName;
    case Role:
        return unlock::roleName(r.role);
    case Enrolled:
        if (!r.enrolledAt.isValid())
            return tr("not enrolled");
        // Local time with its zone, so a printout or a screenshot is unambiguous.
        return QLocale().toString(r.enrolledAt.toLocalTime(), QLocale::ShortFormat) + QLatin1Char(' ')
            + r.enrolledAt.toLocalTime().timeZoneAbbreviation();
    case Status:
        return r.disabledAt.isValid() ? tr("disabled") : tr("active");
    }
    return {};
}

QVariant AdminsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Login:
        return tr("Login");
    case Name:
        return tr("Name");
    case Role:
        return tr("Role");
    case Enrolled:
        return tr("Enrolled");
    case Status:
        return tr("Status");
    }
    return {};
}

AccessView::AccessView(Session* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_banner(new Banner(this))
    , m_table(new QTableView(this))
    , m_model(new AdminsModel(this))
    , m_heading(new QLabel(this))
{
    setObjectName(QStringLiteral("accessWidget"));
    m_table->setObjectName(QStringLiteral("adminsTableView"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_heading);
    layout->addWidget(m_table, 1);
    connect(m_banner, &Banner::actionTriggered, this, &AccessView::reload);
    m_heading->setText(tr("Access"));
    m_table->setAccessibleName(tr("Admins"));
}

void AccessView::reload()
{
    auto rows = std::make_shared<QList<AdminInfo>>();
    m_session->run(
        [rows](pqxx::connection_base& c) -> Result<void> {
            auto listed = admins::list(c);
            if (!listed)
                return listed.error();
            *rows = std::move(listed).value();
            return {};
        },
        [this, rows](const Error& error) {
            if (!error.code.isEmpty()) {
                m_banner->showMessage(Level::Error, error.message, tr("Retry"));
                return;
            }
            m_banner->hide();
            m_model->setRows(*rows);
            m_table->resizeColumnsToContents();
        });
}

void AccessView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_heading->setText(tr("Access"));
        m_table->setAccessibleName(tr("Admins"));
    }
    QWidget::changeEvent(event);
}

void AccessView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

} // namespace art32::ui
