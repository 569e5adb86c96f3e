# NIfTI-1 and NIfTI-2 volumes (.nii, .nii.gz) are read with the field's own library,
# libnifti2 (Debian: libnifti2-dev). engine/data reads with it and the data tests write
# their test volumes with it, so volnet_engine links it PUBLIC.
#
# Debian 12's own NIFTIConfig.cmake names /usr/lib/libznz.so.3.0.0, which the package
# installs under the multiarch directory instead, so find_package(NIFTI) fails there;
# the library and header are found directly and wrapped in an imported target.
if(NOT TARGET Nifti::nifti2)
  find_path(NIFTI_INCLUDE_DIR nifti2_io.h PATH_SUFFIXES nifti REQUIRED)
  find_library(NIFTI2_LIBRARY nifti2 REQUIRED)
  find_library(NIFTI_ZNZ_LIBRARY znz REQUIRED)
  add_library(Nifti::nifti2 UNKNOWN IMPORTED GLOBAL)
  set_target_properties(Nifti::nifti2 PROPERTIES
    IMPORTED_LOCATION "${NIFTI2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${NIFTI_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${NIFTI_ZNZ_LIBRARY};ZLIB::ZLIB")
endif()
