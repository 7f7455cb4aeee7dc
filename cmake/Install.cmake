# `cmake --install` puts headers, libasynq.a, the asynq CLI, a CMake package (find_package(asynq)) and asynq.pc.
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/asynq DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS asynq EXPORT asynqTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS asynq_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT asynqTargets NAMESPACE asynq:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/asynq)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/asynqConfig.cmake.in
    ${PROJECT_BINARY_DIR}/asynqConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/asynq)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/asynqConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/asynqConfig.cmake ${PROJECT_BINARY_DIR}/asynqConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/asynq)

configure_file(${PROJECT_SOURCE_DIR}/cmake/asynq.pc.in ${PROJECT_BINARY_DIR}/asynq.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/asynq.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
