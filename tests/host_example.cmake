# Runs the host example (examples/host/main.cpp, linked in tests/CMakeLists.txt against the
# library as installed: libkadenz.so with BUILD_SHARED_LIBS=ON) and checks its decisions, so that
# a symbol the shared library fails to export, or a wrong decision, fails ctest.
#   cmake -DHOST=path/to/kadenz_host_example -DPOLICY=policies/coburg-land-2017.kadenz -P host_example.cmake
execute_process(COMMAND "${HOST}" "${POLICY}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the host example exited with ${status}")
endif()
# The same lines .ci/run expects from the installed package's host build.
foreach(expected "K-100  2MM   2        2017-02-28 marktnah" "K-102  3MM   3        2017-02-28 massnahme"
                 "K-103  1MM   1        2017-03-01 bfm" "status: unbekannter Wert `arbeitslose`")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the host example did not print `${expected}`")
  endif()
endforeach()
