#include "mainwindow/message_box_dialogs.h"

#include <QDialog>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace volnet::ui {

namespace {

const QString kGraphFilter = QStringLiteral("VolNet graphs (*.json);;All files (*)");

} // namespace

void MessageBoxDialogs::showError(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::critical(parent, title, text);
}

DialogService::SaveChoice MessageBoxDialogs::askToSave(QWidget *parent, const QString &documentName)
{
    QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                    QObject::tr("Save the changes to \"%1\"?").arg(documentName),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(QObject::tr("Your changes are lost if you don't save them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return SaveChoice::Save;
    case QMessageBox::Discard:
        return SaveChoice::Discard;
    default:
        return SaveChoice::Cancel;
    }
}

bool MessageBoxDialogs::ask(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    QPushButton *accept = box.addButton(acceptLabel, QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Discard);
    box.setDefaultButton(accept);
    box.exec();
    return box.clickedButton() == accept;
}

QString MessageBoxDialogs::openFileName(QWidget *parent, const QString &title, const QString &directory)
{
    return QFileDialog::getOpenFileName(parent, title, directory, kGraphFilter);
}

QString MessageBoxDialogs::saveFileName(QWidget *parent, const QString &title, const QString &suggestedPath)
{
    QString path = QFileDialog::getSaveFileName(parent, title, suggestedPath, kGraphFilter);
    // Files are found again by their extension; add it when the user left it off.
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return path;
}

int MessageBoxDialogs::exec(QDialog *dialog)
{
    return dialog->exec();
}

} // namespace volnet::ui
