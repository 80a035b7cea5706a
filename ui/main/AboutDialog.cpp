#include "main/AboutDialog.h"

#include "core/Versions.h"
#include "session/Session.h"
#include "ui_AboutDialog.h"
#include "widgets/Icons.h"

#include <QPushButton>
#include <QStyle>

namespace art32::ui {

AboutDialog::AboutDialog(const ServerInfo* server, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 2;
    m_ui->iconLabel->setPixmap(icon(QStringLiteral("nl.art32.Console")).pixmap(size, size));
    QFont title = m_ui->titleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.5);
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    m_ui->versionLabel->setText(tr("Version %1").arg(applicationVersion()));

    auto add = [this](const QString& component, const QString& version) {
        new QTreeWidgetItem(m_ui->versionsTreeWidget, { component, version });
    };
    for (const ComponentVersion& v : libraryVersions())
        add(v.component, v.version);
    add(tr("PostgreSQL server"),
        server && !server->serverVersion.isEmpty() ? server->serverVersion : tr("not connected"));
    if (server && server->schemaKnown)
        add(tr("Database schema"), QString::number(server->schema.current));
    m_ui->versionsTreeWidget->resizeColumnToContents(0);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::versionOf(const QString& component) const
{
    const auto items = m_ui->versionsTreeWidget->findItems(component, Qt::MatchExactly, 0);
    return items.isEmpty() ? QString() : items.first()->text(1);
}

} // namespace art32::ui
