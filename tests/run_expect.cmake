# Runs a command and checks both its exit status (0) and that its output holds each expected
# text, so that a program printing the right first lines and then failing does not pass (ctest's
# PASS_REGULAR_EXPRESSION alone ignores the exit status).
#   cmake "-DCOMMAND=prog;arg1;arg2" "-DEXPECT=text 1;text 2" [-DWORKDIR=dir] -P run_expect.cmake
if(NOT WORKDIR)
  set(WORKDIR ".")
endif()
execute_process(COMMAND ${COMMAND} WORKING_DIRECTORY "${WORKDIR}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "`${COMMAND}` exited with ${status}")
endif()
foreach(expected IN LISTS EXPECT)
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "`${COMMAND}` did not print `${expected}`")
  endif()
endforeach()
