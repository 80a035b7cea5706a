#include "widgets/StatusTile.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QStyle>

namespace art32::ui {

StatusTile::StatusTile(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_word(new QLabel(this))
    , m_reason(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_word->setObjectName(QStringLiteral("statusWordLabel"));
    m_reason->setObjectName(QStringLiteral("reasonLabel"));
    m_reason->setWordWrap(true);
    auto* layout = new QGridLayout(this);
    layout->addWidget(m_icon, 0, 0, 2, 1, Qt::AlignTop);
    layout->addWidget(m_title, 0, 1);
    layout->addWidget(m_word, 0, 2, Qt::AlignRight);
    layout->addWidget(m_reason, 1, 1, 1, 2);
    layout->setColumnStretch(1, 1);
    setStatus(Level::Unknown, QString());
}

void StatusTile::setTitle(const QString& title)
{
    m_title->setText(title);
    setAccessibleName(title);
}

void StatusTile::setStatus(Level level, const QString& reason)
{
    m_level = level;
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize);
    m_icon->setPixmap(levelIcon(level).pixmap(size, size));
    m_word->setText(levelWord(level));
    m_reason->setText(reason);
    setAccessibleDescription(levelWord(level) + QStringLiteral(": ") + reason);
}

QString StatusTile::reason() const
{
    return m_reason->text();
}

void StatusTile::mouseReleaseEvent(QMouseEvent* event)
{
    QFrame::mouseReleaseEvent(event);
    emit activated();
}

void StatusTile::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        emit activated();
        return;
    }
    QFrame::keyPressEvent(event);
}

} // namespace art32::ui
