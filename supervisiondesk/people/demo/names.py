"""Realistic, diverse names for demo staff.

Children's services in English cities, and the NGOs and ministries the
product also serves, have staff from everywhere: the lists below pair given
and family names of the same origin, and weigh the origins roughly as a
London borough's workforce. Names are written as people write them in
English-language HR systems (accents kept).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    weight: int
    given: tuple[str, ...]
    family: tuple[str, ...]
    # Chance of a second family name: Spanish naming keeps both surnames;
    # Somali names are given name, father's and grandfather's names.
    second_family: float = 0.0


def _names(text: str) -> tuple[str, ...]:
    """Comma-separated names, so that a list stays a paragraph."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


ORIGINS: dict[str, Origin] = {
    "british": Origin(
        34,
        given=_names(
            """
            Oliver, Amelia, George, Isla, Harry, Olivia, Jack, Emily, Charlotte, Thomas,
            Sophie, James, Hannah, William, Lucy, Daniel, Chloe, Samuel, Rebecca, Matthew,
            Laura, Joseph, Rachel, Benjamin, Sarah, Luke, Katie, Adam, Gemma, Joshua,
            Jessica, Callum, Eleanor, Ryan, Megan, Nathan, Abigail, Liam, Holly, Owen, Zoe,
            Fiona, Gareth, Siobhan, Rhys, Kerry, Marcus, Leanne, Dean, Natalie, Jermaine,
            Shanice, Tyrone, Claire
            """
        ),
        family=_names(
            """
            Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson,
            Wright, Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson,
            Clarke, Hughes, Edwards, Turner, Harris, Martin, Cooper, Hill, Ward, Morris,
            Moore, Clark, Lee, King, Baker, Harrison, Morgan, Allen, James, Scott, Phillips,
            Watson, Davis, Parker, Price, Bennett, Young, Griffiths, Mitchell, Kelly, Cook,
            Carter, Richardson, Bailey, Collins, Bell, Shaw, Murphy, Marshall, O'Connor,
            MacDonald, Campbell, Francis, Grant
            """
        ),
    ),
    "south_asian": Origin(
        10,
        given=_names(
            """
            Priya, Arjun, Aisha, Imran, Fatima, Ravi, Sunita, Bilal, Nadia, Sanjay, Amrit,
            Zainab, Harpreet, Rajesh, Shabana, Tariq, Anjali, Mohammed, Ayesha, Kiran,
            Nusrat, Vikram, Rukhsana, Sameer
            """
        ),
        family=_names(
            """
            Patel, Khan, Singh, Ahmed, Hussain, Begum, Shah, Kaur, Sharma, Iqbal, Choudhury,
            Rahman, Gill, Malik, Mistry, Akhtar, Sandhu, Ali, Islam, Desai, Chauhan, Uddin
            """
        ),
    ),
    "west_african": Origin(
        11,
        given=_names(
            """
            Chidi, Ngozi, Oluwaseun, Adebayo, Folake, Emeka, Chiamaka, Tunde, Yetunde,
            Kwame, Ama, Kofi, Abena, Yaw, Efua, Ifeoma, Babatunde, Funmilayo, Obinna,
            Adaeze, Temitope, Kehinde
            """
        ),
        family=_names(
            """
            Okafor, Adeyemi, Okonkwo, Balogun, Nwosu, Eze, Adewale, Mensah, Owusu, Boateng,
            Asante, Osei, Agyeman, Danso, Ogunleye, Chukwu, Afolabi, Ibekwe, Adjei, Oyelaran
            """
        ),
    ),
    "latin_american": Origin(
        9,
        given=_names(
            """
            María, José, Juan, Ana, Luis, Carmen, Carlos, Lucía, Jorge, Sofía, Andrés,
            Valentina, Diego, Camila, Alejandro, Daniela, Javier, Isabel, Mateo, Paula,
            Santiago, Gabriela, Miguel, Natalia, Felipe, Catalina, Ricardo, Mariana,
            Fernando, Ximena, Yolanda
            """
        ),
        family=_names(
            """
            García, Rodríguez, Martínez, López, González, Hernández, Pérez, Sánchez,
            Ramírez, Torres, Flores, Rivera, Gómez, Díaz, Morales, Vargas, Castillo,
            Jiménez, Ruiz, Álvarez, Romero, Herrera, Medina, Aguilar, Ortiz, Restrepo,
            Cárdenas, Ospina, Quintero, Salazar, Mendoza, Rojas
            """
        ),
        second_family=0.35,
    ),
    "east_african": Origin(
        8,
        given=_names(
            """
            Wanjiru, Achieng, Njeri, Akinyi, Nakato, Namubiru, Amani, Baraka, Neema, Zawadi,
            Imani, Juma, Halima, Winnie, Brian, Grace, Faith, Dennis, Ruth, Moses, Esther,
            Kiprono, Sarah, Edith, Ivan
            """
        ),
        family=_names(
            """
            Kamau, Ochieng, Otieno, Mutua, Njoroge, Kiplagat, Chebet, Wekesa, Omondi,
            Mwangi, Nakamya, Mugisha, Tumusiime, Byaruhanga, Okello, Opio, Kato, Nsubuga,
            Ssemakula, Mukasa, Massawe, Mwakyusa
            """
        ),
    ),
    "horn_of_africa": Origin(
        4,
        given=_names(
            """
            Tesfaye, Selam, Abebe, Mekdes, Yonas, Hiwot, Dawit, Meron, Biniam, Saba,
            Eyerusalem, Henok, Feven, Samuel, Ruth
            """
        ),
        family=_names(
            """
            Haile, Bekele, Girma, Tadesse, Gebremedhin, Alemu, Mengistu, Kebede,
            Tesfamariam, Berhane, Woldemichael, Asfaw
            """
        ),
    ),
    "somali": Origin(
        7,
        given=_names(
            """
            Hodan, Abdi, Faadumo, Mohamed, Amina, Ahmed, Hawa, Ali, Sahra, Abdirahman,
            Ayaan, Hassan, Ifrah, Yusuf, Nimco, Omar, Sagal, Ismail, Ubah, Farah, Khadra,
            Abdullahi, Ilhan, Mahad, Asha, Liban, Deeqa, Fartun
            """
        ),
        family=_names(
            """
            Abdi, Warsame, Mohamud, Hassan, Farah, Osman, Ali, Jama, Aden, Ismail, Nur,
            Hersi, Egal, Dirie, Yusuf, Elmi, Abdullahi, Guled, Ahmed, Muse, Samatar, Duale
            """
        ),
        second_family=0.4,
    ),
    "filipino": Origin(
        6,
        given=_names(
            """
            Maria, Jose, Maricel, Rommel, Jocelyn, Mark, Kristine, Jerome, Analyn, Rodel,
            Mary Grace, John Paul, Jericho, Rowena, Ramon, Cristina, Arnel, Liezl, Emmanuel,
            Divina, Reynaldo, Charmaine, Jaime, Rosalie, Noel, Marites
            """
        ),
        family=_names(
            """
            Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Dela Cruz,
            Villanueva, Aquino, Ramos, Castillo, Navarro, Soriano, Pascual, Manalo,
            Dimaculangan, Macaraeg, Gonzales, Salvador, Panganiban, De Leon, Magbanua
            """
        ),
    ),
    "romanian": Origin(
        4,
        given=_names(
            """
            Andrei, Elena, Mihai, Ioana, Alexandru, Cristina, Gabriel, Raluca, Bogdan,
            Diana, Florin, Simona
            """
        ),
        family=_names(
            """
            Popescu, Ionescu, Popa, Stan, Dumitrescu, Constantin, Georgescu, Marin, Stoica,
            Munteanu, Lungu, Rusu
            """
        ),
    ),
}

# Fixed order: dict order is insertion order, but sorting makes it explicit.
_ORIGIN_NAMES = tuple(sorted(ORIGINS))
_ORIGIN_WEIGHTS = tuple(ORIGINS[name].weight for name in _ORIGIN_NAMES)

# Fictional places for the national dataset's areas (one service per area
# and service type), so team names read like a real organisation's.
AREAS: tuple[str, ...] = _names(
    """
    Ashworth, Bramley, Calderbrook, Dunmore, Eastwick, Fenwick, Greystone, Hartfield,
    Ivybridge, Kingsmere, Langdale, Marlowe, Northgate, Oakhurst, Pemberton, Queensford,
    Redcliffe, Southmoor, Thornbury, Upton Vale, Westbury, Yarrowdale, Alderley, Birchwood,
    Coldharbour, Deepdale, Elmsworth, Foxley, Glenmore, Hollins, Ironbridge, Juniper Hill
    """
)


class NamePicker:
    """Draws names from `rng`; with `unique`, never the same name twice."""

    def __init__(self, rng: random.Random, *, unique: bool = False) -> None:
        self.rng = rng
        self.unique = unique
        self.used: set[str] = set()

    def name(self) -> str:
        for _attempt in range(50):
            candidate = self._draw()
            if not self.unique or candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("The name lists are too short for this many unique names.")

    def _draw(self) -> str:
        rng = self.rng
        origin = ORIGINS[rng.choices(_ORIGIN_NAMES, weights=_ORIGIN_WEIGHTS)[0]]
        given = rng.choice(origin.given)
        family = rng.choice(origin.family)
        if origin.second_family and rng.random() < origin.second_family:
            second = rng.choice(origin.family)
            if second != family:
                family = f"{family} {second}"
        return f"{given} {family}"
