# Desktop integration and CPack settings for Art32 Console.
#
# Included at the end of the root CMakeLists.txt, after GNUInstallDirs and
# after the targets art32-console and art32ctl (installed there) exist.

set(ART32_APP_ID "nl.art32.Console")
set(ART32_HOMEPAGE "https://art32.example/")
set(_pkg_dir "${PROJECT_SOURCE_DIR}/packaging")
set(_icon_dir "${PROJECT_SOURCE_DIR}/resources/icons")

# The metainfo <release> list is maintained by hand: catch a forgotten entry.
file(READ "${_pkg_dir}/${ART32_APP_ID}.metainfo.xml" _metainfo)
if(NOT _metainfo MATCHES "<release version=\"${PROJECT_VERSION}\"")
  message(WARNING "packaging/${ART32_APP_ID}.metainfo.xml has no <release> "
                  "entry for version ${PROJECT_VERSION}")
endif()

# --- Freedesktop integration (Linux and other XDG desktops) -----------------
if(UNIX AND NOT APPLE)
  install(FILES "${_pkg_dir}/${ART32_APP_ID}.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${_pkg_dir}/${ART32_APP_ID}.metainfo.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
  install(FILES "${_icon_dir}/${ART32_APP_ID}.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
  # Backups (issue 13): systemd units for a nightly backup, a weekly verify and a daily prune, run by
  # art32ctl with a key file as a dynamic system user. Not enabled by the package: they need a profile and a key
  # first (see the units' comments), then `systemctl enable --now art32-backup.timer ...`.
  install(FILES
          "${_pkg_dir}/systemd/art32-backup.service" "${_pkg_dir}/systemd/art32-backup.timer"
          "${_pkg_dir}/systemd/art32-backup-verify.service" "${_pkg_dir}/systemd/art32-backup-verify.timer"
          "${_pkg_dir}/systemd/art32-backup-prune.service" "${_pkg_dir}/systemd/art32-backup-prune.timer"
          # erasure ledger file (i13-ledger): hourly `backup ledger sync`
          "${_pkg_dir}/systemd/art32-backup-ledger.service" "${_pkg_dir}/systemd/art32-backup-ledger.timer"
          DESTINATION "lib/systemd/system")
  install(FILES "${_pkg_dir}/systemd/art32-backup.env.example"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/art32-console/examples")
endif()

# --- Common CPack settings ---------------------------------------------------
set(CPACK_VERBATIM_VARIABLES YES)  # escape values properly in CPackConfig.cmake
set(CPACK_PACKAGE_NAME "art32-console")
set(CPACK_PACKAGE_VENDOR "Art32")
set(CPACK_PACKAGE_CONTACT "Art32 <support@art32.example>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${ART32_HOMEPAGE}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Console for GDPR Article 32 security measures")
set(CPACK_PACKAGE_DESCRIPTION
    "Art32 Console manages the technical security measures of GDPR Article 32: \
it unlocks with a TOTP code, keeps customer records encrypted, makes and \
verifies backups, registers incidents and keeps an audit log. The package \
contains the desktop application art32-console and the command line tool \
art32ctl.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Art32 Console")
# Start menu links (NSIS and WiX): executable name, then link text.
set(CPACK_PACKAGE_EXECUTABLES "art32-console" "Art32 Console")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)

set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/" "/_CPack_Packages/")

# --- Linux: Debian package ---------------------------------------------------
if(UNIX AND NOT APPLE)
  set(CPACK_GENERATOR "DEB")
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${ART32_HOMEPAGE}")
  # dpkg-shlibdeps derives the library dependencies (Qt 6, qtkeychain,
  # libsodium, liboath, libpqxx) from the installed binaries.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  # Plugins are loaded at run time, so shlibdeps cannot see them:
  #   libqt6svg6      - SVG icon engine / image format plugin for the icons
  #   qt6-qpa-plugins - xcb platform plugin (libqt6gui6 only recommends it)
  #   libsecret-1-0   - QtKeychain dlopen()s libsecret to reach the Secret Service
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, qt6-qpa-plugins, libsecret-1-0")
  # The embedded demo database needs the PostgreSQL server binaries, the
  # key store needs a Secret Service; Qt's own Dutch strings; Wayland.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
      "postgresql-15, gnome-keyring | kwalletmanager, qt6-translations-l10n, qt6-wayland")
endif()

# --- Windows: NSIS and WiX ---------------------------------------------------
if(WIN32)
  set(CPACK_GENERATOR "NSIS;WIX")
  set(_ico "${_icon_dir}/${ART32_APP_ID}.ico")

  set(CPACK_NSIS_PACKAGE_NAME "Art32 Console")
  set(CPACK_NSIS_DISPLAY_NAME "Art32 Console")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\art32-console.exe")
  set(CPACK_NSIS_URL_INFO_ABOUT "${ART32_HOMEPAGE}")
  set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)

  # Never change: lets MSI upgrades replace older installations.
  set(CPACK_WIX_UPGRADE_GUID "F1CF7EFC-D076-4E85-8C98-3D627C2C9BDD")
  set(CPACK_WIX_PROGRAM_MENU_FOLDER "Art32 Console")
  set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${ART32_HOMEPAGE}")

  # Both generators need an .ico; generate it from the SVG when available.
  if(EXISTS "${_ico}")
    set(CPACK_NSIS_MUI_ICON "${_ico}")
    set(CPACK_NSIS_MUI_UNIICON "${_ico}")
    set(CPACK_WIX_PRODUCT_ICON "${_ico}")
  endif()
endif()

# --- macOS: drag-and-drop disk image -----------------------------------------
if(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_BUNDLE_NAME "Art32 Console")
  set(CPACK_DMG_VOLUME_NAME "Art32 Console")
  set(_icns "${_icon_dir}/${ART32_APP_ID}.icns")
  if(EXISTS "${_icns}")
    set(CPACK_PACKAGE_ICON "${_icns}")
    set(CPACK_BUNDLE_ICON "${_icns}")
  endif()
  # Bundle metadata; effective when art32-console is built with MACOSX_BUNDLE.
  if(TARGET art32-console)
    set_target_properties(art32-console PROPERTIES
      MACOSX_BUNDLE_BUNDLE_NAME "Art32 Console"
      MACOSX_BUNDLE_GUI_IDENTIFIER "${ART32_APP_ID}"
      MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
      MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
      MACOSX_BUNDLE_ICON_FILE "${ART32_APP_ID}.icns")
  endif()
endif()

include(CPack)
