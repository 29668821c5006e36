"""Common given names of people in English-language news, for the few places where a name's own words must
tell a person from a town (#3).

"Troops seized Mariam Diallo" reads like "Russian forces captured Chasiv Yar", and neither name is in the
gazetteer; a first word that is a common given name ("Mariam", "Amadou", "Oleksandr") says person. The list
(about a thousand names) is hand-made, as the project ships no third-party name list (see :mod:`.gender`), and
spread over the regions the news covers; names that are as often places or words ("Jordan", "Paris", "Austin",
"Abu", "Sheikh", "Said") are left out. It is read only with other signs (a capture, the surname alone elsewhere, a
name the model typed a place), never alone: a given name says little of whom a text means.
"""

from __future__ import annotations

_NAMES = """
    Aaron Abbas Abdalla Abdallah Abdel Abdel-Fattah Abdoulaye Abdul Abdullah Abdulrahman Abigail Abiodun Abiy
    Adam Adama Adebayo Adel Aditya Adrian Adrienne Agnieszka Ahmad Ahmed Ahmet Aidan Aisha Akhmad Akinwumi Alain
    Alan Alana Alassane Albert Alberto Alejandro Aleksandar Aleksandr Aleksei Alex Alexa Alexander Alexei Alexey
    Alexis Alfonso Ali Ali-Reza Alice Alicia Aliko Alina Alison Allison Alvaro Alyssa Amadou Amal Amanda Amartya
    Amber Amin Amina Aminata Amir Amit Amos Amr Amy Ana Anas Anastasia Anatoly Anders Andre Andrea Andrei Andres
    Andrew Andriy Andrzej Angela Angelina Anil Anita Ann Anna Annalena Anne Annie Ante Anthony Anton Antonio
    Anura Anwar Aoife April Ariel Arjun Arnold Arseniy Artem Arthur Arvind Ashley Ashok Asif Asma Assimi Astrid
    Audrey Aung Autumn Avi Avraham Ayman Babajide Barbara Barry Bashar Bassirou Beatriz Becky Ben Benazir
    Benjamin Benny Bernard Bernie Beth Betty Beverly Bezalel Bilal Bilawal Bill Billy Blake Bob Bobby Bohdan
    Bojan Bola Bonnie Boris Boubacar Brad Brandon Brenda Brent Brett Brian Bridget Brittany Brooke Bruce Bryan
    Caitlin Callum Calvin Cameron Candace Carl Carla Carlos Carmen Carol Caroline Carrie Casey Cassandra
    Catherine Cecilia Charles Chelsea Cheryl Chika Chinedu Chioma Chloe Chris Christian Christine Christophe
    Christopher Chuck Ciaran Cindy Claire Clara Clark Claude Claudia Clint Cody Colin Colleen Connor Corey
    Courtney Craig Cristina Curtis Cynthia Cyril Dale Dana Daniel Danielle Daria Darren Darryl Dave David Dawn
    Dean Debbie Deborah Declan Deepak Denis Dennis Denys Derek Derrick Devin Diana Diane Diego Dieter Dilma
    Dimitris Dina Dmitri Dmitry Dmytro Dolly Dominic Don Donald Donna Dorothy Doug Douglas Dragan Dror Dusan
    Dustin Dwayne Dylan Dzhokhar Earl Ebrahim Eddie Edgars Edith Edouard Eduardo Edward Egils Ehud Eileen
    Ekaterina Ekrem Elaine Eleanor Elena Eli Elisabeth Elise Elizabeth Ella Ellen Elliot Elly Elon Elsa Emeka
    Emily Emine Emma Emmanuel Emmerson Emmett Enrico Enrique Eric Erica Erik Erin Erna Ernesto Ethan Eugene Eva
    Evan Evariste Evelyn Ewan Fadi Fahad Faisal Farah Fatih Fatima Fatma Fatou Faustin Fawzi Fedir Felicity
    Felix Ferdinand Fernando Fiona Floyd Francis Francisco Francois Frank Frank-Walter Franz Freddie Freya
    Friedrich Fumio Funmilayo Félix Gabor Gabriel Gadi Gail Gary Gautam Gavin Gene Gennady Geoffrey George
    Gerald Gerhard Gilad Giles Gina Giorgia Giorgos Gitanas Giuseppe Glen Glenn Gloria Gonzalo Goodluck Goran
    Gordon Gotabaya Grace Graham Greg Gregory Gretchen Guillermo Gustavo Gwen Hage Hakainde Hakan Haley Halyna
    Hamad Hamed Hamid Hamish Hamza Hana Hani Hanna Hannah Hans Harold Harry Harvey Hassan Hayden Hazel Heather
    Hector Heidi Heiko Helen Helmut Henrik Henry Herzi Hillary Hind Holly Horst Hossein Hou Howard Hugh Hun
    Hunter Hussein Ian Ibrahim Ibrahima Idriss Ifeoma Ignacio Igor Ihor Ilham Ilya Imad Imran Ingrid Ingrida Ion
    Irakli Irene Iryna Isaac Isabel Isabella Ismail Istvan Itamar Ivan Jacinda Jack Jackie Jacob Jacques Jair
    Jake Jakub Jamal James Jamie Jane Janet Janice Janos Jared Jaroslaw Jasmine Jason Javad Javier Jay Jean Jeff
    Jeffrey Jenna Jennifer Jenny Jens Jeremy Jerome Jerry Jesse Jessica Jesus Jill Jim Jimmy Joan Joanna Joao
    Jodie Joe Joel John Johnny Joko Jon Jonas Jonathan Jorg Jorge Jose Joseph Josephine Josh Joshua Joy Joyce
    Juan Judith Julie Juliet Julio Julius Jurgen Justin Kaja Kamala Karen Karim Karl Karla Kassym Katarzyna Kate
    Kateryna Katherine Kathleen Kathy Katie Katy Kay Kayla Keir Keith Kelly Kemal Ken Kendall Kenneth Kent Kerry
    Kevin Kgalema Khaled Khalid Khalil Khawaja Kim Kimberly Kirill Kirk Kirsty Klaus Kofi Konstantin Kostas
    Kostiantyn Kris Kristen Kristi Kristin Krzysztof Kurt Kwame Kyle Kyriakos Lai Lalit Lance Larry Lars Laszlo
    Laura Lauren Laurent Layla Leah Lee Leila Lena Leo Leon Leonard Leslie Levan Lewis Liam Lily Linda Lindsay
    Lindsey Lisa Liudmyla Liz Lloyd Logan Lori Lorraine Louis Louise Lucia Lucy Luigi Luis Luiz Luka Lukas Luke
    Lula Lydia Lynn Mackenzie Macky Madeline Madison Magdalena Magnus Mahamat Mahathir Mahinda Mahmoud Mahsa
    Majid Maksym Malcolm Mamadou Mamata Mandy Manish Manoj Manuel Marc Marcelo Marco Marcus Marek Margaret Maria
    Mariam Mariama Marie Marilyn Mario Marion Mark Markus Marsha Marshall Martha Martin Marvin Marwan Mary
    Maryam Mason Masoud Mateusz Matteo Matthew Matthias Maureen Max Maxim Maxine Megan Mehdi Mehmet Melanie
    Melissa Melvin Mette Mia Micah Michael Michel Michelle Miguel Mihai Mike Mikhail Miles Milos Min Mindy
    Miranda Misty Mitch Mitchell Mohamed Mohammad Mohammed Mohsen Molly Monica Monika Morgan Moshe Moussa
    Muhammad Muhammadu Murat Muriel Mustafa Mykhailo Mykola Myra Nabih Nabil Nadia Nadiya Naftali Najib Nana
    Nancy Narendra Narges Naser Nasrin Nasser Natalia Natalie Natalya Nathan Nathaniel Nawaz Nayib Neil Nelson
    Nenad Ngozi Niamh Nicholas Nick Nicolas Nicole Nigel Nikita Nikol Nikola Nikolai Nikos Nils Nina Nirmala
    Nitin Nnamdi Noa Noah Noel Noor Nora Norman Nour Nursultan Oksana Olaf Oleg Oleh Oleksandr Oleksiy Olena
    Olga Oliver Olivia Olivier Olusegun Omar Omer Osama Oumar Ousmane Owen Pablo Paetongtarn Paige Pamela Paolo
    Pat Patricia Patrick Patsy Patty Paul Paula Pauline Pavel Pavlo Pawel Pedro Peggy Penelope Penny Perry Pete
    Peter Petr Petra Petro Petteri Phil Philip Philippe Phoebe Phyllis Pierre Piotr Piyush Polina Pooja Prabowo
    Prachanda Prayut Preston Priscilla Priya Pushpa Quentin Rachel Radoslaw Rafael Rahul Rajesh Rajiv Ralph
    Ramesh Rami Ramon Ramzan Randy Rania Ranil Rashid Raul Ravi Ray Raymond Rebecca Recep Reem Regina Renee Reza
    Rhonda Ricardo Richard Rick Ricky Riek Rishi Rita Robert Roberto Robin Rod Rodrigo Roger Ron Ronald Ronen
    Rory Rose Roy Ruby Rui Rupert Ruslan Russell Ruth Ryan Saad Sabine Sabrina Saeed Sahle-Work Sajith Salah
    Salim Sally Salma Salome Salva Sam Samantha Sami Samia Samir Samuel Sandra Sanjay Sanna Sara Sarah Savannah
    Sayed Scott Seamus Sean Sebastian Sebastien Segolene Sergei Sergey Sergio Sergiy Serhiy Seydou Shane Shannon
    Sharif Sharon Shashi Shavkat Shawn Shehbaz Sheila Shelby Shelley Shigeru Shimon Shinzo Shira Shirin Shirley
    Sidney Silvio Simon Siobhan Smriti Sofia Sonia Sophie Srettha Stacey Stacy Stanislav Stanley Stella
    Stephanie Stephen Steve Steven Stuart Sue Summer Sunil Suresh Susan Suzanne Sven Svetlana Sylvia Tamar Tammy
    Tanya Tara Taras Tarek Tariq Taro Tayyip Ted Tedros Teresa Terry Tess Tetiana Thabo Thaksin Thelma Theo
    Theresa Thierry Thomas Tibor Tiffany Tim Timothy Tina Toby Todd Tom Tomas Tommy Tony Tracy Travis Trevor
    Troy Tsai Tyler Uhuru Ulf Ulrich Ursula Ute Uwe Vadym Valentyn Valerie Valeriy Vanessa Vasile Vasyl Vera
    Vernon Veronica Vicki Victor Vijay Vikram Viktor Vince Vincent Vira Vitali Vitaliy Vladimir Volodymyr
    Vyacheslav Wade Waleed Walid Walter Wanda Warren Wavel Wayne Wendy Wesley Whitney William Willie Wilma
    Winnie Wolfgang Xiomara Xochitl Yahya Yair Yannis Yaroslav Yasmin Yasser Yevgeniy Yevgeny Yevhen Yingluck
    Yitzhak Yoav Yogi Yoko Yolanda Yoni Yoon Yoshihide Yousef Youssef Yoweri Yulia Yuri Yuriy Yusuf Yves Yvonne
    Zachary Zaid Zainab Zhanna Ziad Zoe Zoran Zsolt Zulfikar
"""
GIVEN_NAMES = frozenset(_NAMES.split())


def given_name(word: str) -> bool:
    """Whether ``word`` (as written) is a common given name."""
    return word in GIVEN_NAMES
